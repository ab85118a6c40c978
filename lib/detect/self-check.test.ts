import assert from "node:assert/strict";
import { test } from "node:test";
import { inGrace, newSelfCheck, tick } from "./self-check";

const config = { expectedTickMs: 100, stallThresholdMs: 1000, clockJumpThresholdMs: 2000, graceMs: 3000 };

test("startup grace, then trusted verdicts on a regular tick", () => {
  const check = newSelfCheck(0, 0, 5000);
  assert.ok(inGrace(check, 4999));
  for (let t = 100; t <= 6000; t += 100) assert.equal(tick(check, t, t, config), null);
  assert.ok(!inGrace(check, 6000));
});

test("an event-loop stall opens a grace period covering the stall", () => {
  const check = newSelfCheck(0, 0, 0);
  tick(check, 100, 100, config);
  const reason = tick(check, 2600, 2600, config);
  assert.match(reason ?? "", /stalled for 2400 ms/);
  assert.ok(inGrace(check, 2600 + 3000 + 2000));
  assert.ok(!inGrace(check, 2600 + 3000 + 2400 + 1));
});

test("a wall-clock jump opens a grace period", () => {
  const check = newSelfCheck(0, 0, 0);
  const reason = tick(check, 60_100, 100, config);
  assert.match(reason ?? "", /clock jumped/);
  assert.ok(inGrace(check, 60_200));
});
