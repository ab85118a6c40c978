import assert from "node:assert/strict";
import { test } from "node:test";
import {
  describeTime,
  formatBytesPerSec,
  formatClock,
  formatDateTime,
  formatLastKnown,
  formatDuration,
  formatMilliseconds,
  formatPercent,
  formatPhi,
  formatRelativeTime,
  MISSING,
} from "./format";

test("formatPercent shows fractions as percentages and missing as a dash", () => {
  assert.equal(formatPercent(0.423), "42%");
  assert.equal(formatPercent(0.4236, 1), "42.4%");
  assert.equal(formatPercent(null), MISSING);
  assert.equal(formatPercent(undefined), MISSING);
});

test("formatBytesPerSec uses decimal units with sensible precision", () => {
  assert.equal(formatBytesPerSec(0), "0 B/s");
  assert.equal(formatBytesPerSec(999), "999 B/s");
  assert.equal(formatBytesPerSec(1500), "1.50 kB/s");
  assert.equal(formatBytesPerSec(12_345_678), "12.3 MB/s");
  assert.equal(formatBytesPerSec(250_000_000_000), "250 GB/s");
  assert.equal(formatBytesPerSec(null), MISSING);
});

test("formatRelativeTime reads like a person would say it", () => {
  const now = 1_800_000_000_000;
  assert.equal(formatRelativeTime(now - 200, now), "just now");
  assert.equal(formatRelativeTime(now - 3_400, now), "3 s ago");
  assert.equal(formatRelativeTime(now - 5 * 60_000, now), "5 min ago");
  assert.equal(formatRelativeTime(now - 3 * 3600_000, now), "3 h ago");
  assert.equal(formatRelativeTime(now - 3 * 86_400_000, now), "3 d ago");
  assert.equal(formatRelativeTime(now + 5_000, now), "in 5 s");
  assert.equal(formatRelativeTime(null, now), "never");
});

test("formatDuration picks two units at most", () => {
  assert.equal(formatDuration(42_000), "42 s");
  assert.equal(formatDuration(5 * 60_000 + 3_000), "5 min 3 s");
  assert.equal(formatDuration(2 * 3600_000 + 10 * 60_000), "2 h 10 min");
  assert.equal(formatDuration(3 * 86_400_000), "3 d");
  assert.equal(formatDuration(-5), "0 s");
});

test("formatMilliseconds and formatPhi handle extremes", () => {
  assert.equal(formatMilliseconds(0.5), "0.50 ms");
  assert.equal(formatMilliseconds(4.25), "4.3 ms");
  assert.equal(formatMilliseconds(250), "250 ms");
  assert.equal(formatMilliseconds(2500), "2.50 s");
  assert.equal(formatPhi(Infinity), "∞");
  assert.equal(formatPhi(1.234), "1.23");
  assert.equal(formatPhi(150.4), "150");
});

test("describeTime: relative text, absolute local time and ISO for the tooltip", () => {
  const now = Date.UTC(2026, 11, 2, 14, 5, 11);
  const at = now - 3 * 60_000;
  const described = describeTime(at, now);
  assert.equal(described.text, "3 min ago");
  assert.equal(described.iso, "2026-12-02T14:02:11.000Z");
  assert.ok(described.title.includes(formatDateTime(at)));
  assert.ok(described.title.includes("2026-12-02T14:02:11.000Z"));
  assert.deepEqual(describeTime(null, now), { text: "never", title: "no time recorded", iso: null });
  assert.equal(describeTime(now + 5_000, now).text, "in 5 s");
});

test("formatLastKnown names the clock time and how long ago", () => {
  const now = Date.UTC(2026, 11, 2, 14, 5, 11);
  assert.equal(formatLastKnown(now - 3 * 60_000, now), `last known ${formatClock(now - 3 * 60_000)}, 3 min ago`);
  assert.equal(formatLastKnown(null, now), "nothing known");
});
