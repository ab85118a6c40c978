import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDuration } from "./duration";

test("Alertmanager durations parse to milliseconds; anything else is refused", () => {
  assert.equal(parseDuration("0s"), 0);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("5m"), 300_000);
  assert.equal(parseDuration("4h"), 14_400_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("500ms"), 500);
  for (const bad of ["", "5", "m5", "5 m", "-5s", "1.5h"]) assert.equal(parseDuration(bad), null, bad);
});
