import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLocalDateTime, resolveLogTimeRange, widerLogTimePreset } from "./log-time-range";

test("resolveLogTimeRange anchors presets and passes custom bounds", () => {
  assert.deepEqual(resolveLogTimeRange("1h", 10_000_000, "", ""), { from: 10_000_000 - 3600_000 });
  assert.deepEqual(resolveLogTimeRange("all", 10_000_000, "", ""), { from: 0 }, "explicit: the server's default is the last hour");
  const custom = resolveLogTimeRange("custom", 0, "2026-01-02T03:04", "");
  assert.equal(custom.from, new Date("2026-01-02T03:04").getTime());
  assert.equal(custom.to, undefined);
  assert.equal(parseLocalDateTime("not a date"), undefined);
});

test("widerLogTimePreset widens step by step, a text search no further than 7 days", () => {
  assert.equal(widerLogTimePreset("1h", false), "6h");
  assert.equal(widerLogTimePreset("7d", false), "all");
  assert.equal(widerLogTimePreset("7d", true), null);
  assert.equal(widerLogTimePreset("all", false), null);
  assert.equal(widerLogTimePreset("custom", false), null);
});
