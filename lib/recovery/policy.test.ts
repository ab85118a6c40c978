import assert from "node:assert/strict";
import { test } from "node:test";
import { builtInPolicy, parsePolicyDocument, policyForGroup } from "./policy";
import { worstCaseFailoverMs, failoverTimeBreakdown } from "./worst-case";

test("an empty document is the built-in policy, its mode from VIGIL_RECOVERY_MODE", () => {
  const parsed = parsePolicyDocument({}, "dry-run");
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.document.default, builtInPolicy("dry-run"));
  assert.equal(parsed.document.default.restart.initialBackoffMs, 10_000);
  assert.equal(parsed.document.default.failover.antiFlapMs, 1_800_000);
});

test("group overrides merge field by field over the default", () => {
  const parsed = parsePolicyDocument({ default: { mode: "approval", failover: { maxLagMs: 5_000 } }, groups: { "shard-01": { mode: "auto", restart: { maxRestarts: 5 } } } });
  assert.ok(parsed.ok);
  const shard = policyForGroup(parsed.document, "shard-01");
  assert.equal(shard.mode, "auto");
  assert.equal(shard.restart.maxRestarts, 5);
  assert.equal(shard.restart.windowMs, 900_000);
  assert.equal(shard.failover.maxLagMs, 5_000);
  assert.equal(policyForGroup(parsed.document, "shard-02").mode, "approval");
});

test("invalid documents are refused with a readable error", () => {
  const cases: [unknown, RegExp][] = [
    [{ default: { mode: "yolo" } }, /default\.mode/],
    [{ groups: { g: { restart: { initialBackoffMs: 600_000 } } } }, /groups\.g: restart\.initialBackoffMs/],
    [{ default: { hotReweight: { step: 1.5 } } }, /hotReweight\.step/],
    [{ default: { surprise: true } }, /surprise|Unrecognized/i],
  ];
  for (const [input, error] of cases) {
    const parsed = parsePolicyDocument(input);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.error, error);
  }
});

test("worst-case failover time = detection + confirmation window + verify timeout", () => {
  const detector = { heartbeatIntervalMs: 1_000, downPhi: 8, disconnectConfirmMs: 3_000 };
  const breakdown = failoverTimeBreakdown(detector, builtInPolicy());
  assert.equal(breakdown.detectionMs, 4_000, "a dropped connection (1 s + 3 s) is slower than phi 8 (~3 s) here");
  assert.equal(worstCaseFailoverMs(detector, builtInPolicy()), 4_000 + 5_000 + 15_000);
  const silent = failoverTimeBreakdown({ heartbeatIntervalMs: 5_000, downPhi: 8, disconnectConfirmMs: 0 }, builtInPolicy());
  assert.ok(silent.detectionMs > 10_000 && silent.detectionMs < 20_000, `${silent.detectionMs}`);
});
