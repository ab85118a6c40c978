import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDurationSpec, parseDurationSpec } from "./duration-spec";

test("parses Alertmanager durations and refuses anything else", () => {
  assert.equal(parseDurationSpec("0s"), 0);
  assert.equal(parseDurationSpec("30s"), 30_000);
  assert.equal(parseDurationSpec(" 5m "), 300_000);
  assert.equal(parseDurationSpec("1h30m"), 5_400_000);
  assert.equal(parseDurationSpec("250ms"), 250);
  assert.equal(parseDurationSpec("1d"), 86_400_000);
  for (const bad of ["", "5", "5 m", "-1s", "1.5h", "h", "1w"]) assert.equal(parseDurationSpec(bad), null, bad);
});

test("formats milliseconds in the shortest form that parses back", () => {
  assert.equal(formatDurationSpec(0), "0s");
  assert.equal(formatDurationSpec(30_000), "30s");
  assert.equal(formatDurationSpec(300_000), "5m");
  assert.equal(formatDurationSpec(4 * 3_600_000), "4h");
  assert.equal(formatDurationSpec(90_000), "1m30s");
  assert.equal(formatDurationSpec(86_400_000 + 3_600_000), "1d1h");
  assert.equal(formatDurationSpec(1_500), "1s500ms");
  for (const ms of [0, 1, 999, 1_000, 61_000, 3_600_000, 5_400_000, 90_061_001]) assert.equal(parseDurationSpec(formatDurationSpec(ms)), ms);
});
