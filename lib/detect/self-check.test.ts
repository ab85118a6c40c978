import assert from "node:assert/strict";
import { test } from "node:test";
import { distrustsItself, inGrace, isBehind, newSelfCheck, tick } from "./self-check";

const config = { expectedTickMs: 100, stallThresholdMs: 1000, clockJumpThresholdMs: 2000, backlogThresholdMs: 1000, graceMs: 3000 };

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

test("ingest falling behind its agents holds lateness verdicts for as long as the backlog lasts, and as long again", () => {
  const check = newSelfCheck(0, 0, 0);
  assert.equal(tick(check, 100, 100, config, 400), null, "a backlog under the threshold is normal batching");
  assert.ok(!distrustsItself(check, 100));
  let t = 100;
  for (let backlog = 1000; backlog <= 5000; backlog += 100) {
    t += 100;
    assert.match(tick(check, t, t, config, backlog) ?? "", /ingest \d+ ms behind its agents/);
  }
  assert.equal(tick(check, t + 100, t + 100, config, 0), null);
  assert.ok(isBehind(check, t + 3000 + 5000 - 1));
  assert.ok(distrustsItself(check, t + 3000 + 5000 - 1));
  assert.ok(!inGrace(check, t), "behind is not a stall: a closed connection still counts");
  assert.ok(!isBehind(check, t + 3000 + 5000 + 1));
});
