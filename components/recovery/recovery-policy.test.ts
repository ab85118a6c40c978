import assert from "node:assert/strict";
import { test } from "node:test";
import { describeOverride, overrideRestJson, parseOverrideJson, withDefaultMode, withGroupOverride, withoutGroupOverride } from "./recovery-policy";

const doc = { default: { mode: "auto" as string, failover: { confirmWindowMs: 5000 } }, groups: { "shard-01": { mode: "approval", failover: { confirmWindowMs: 2000 } } } };

test("an override reads as its leaves, mode left to its own column", () => {
  assert.deepEqual(describeOverride({ mode: "off", failover: { confirmWindowMs: 2000, maxLagMs: 1 }, minAvailableReplicas: 2 }), [
    "failover.confirmWindowMs = 2000",
    "failover.maxLagMs = 1",
    "minAvailableReplicas = 2",
  ]);
  assert.equal(overrideRestJson(undefined), "");
  assert.equal(overrideRestJson({ mode: "off" }), "");
  assert.deepEqual(JSON.parse(overrideRestJson(doc.groups["shard-01"])), { failover: { confirmWindowMs: 2000 } });
});

test("the advanced JSON must be an object without mode", () => {
  assert.deepEqual(parseOverrideJson("  "), { ok: true, value: {} });
  assert.deepEqual(parseOverrideJson('{"restart":{"maxRestarts":1}}'), { ok: true, value: { restart: { maxRestarts: 1 } } });
  assert.equal(parseOverrideJson("[1]").ok, false);
  assert.equal(parseOverrideJson("{oops").ok, false);
  assert.equal(parseOverrideJson('{"mode":"off"}').ok, false);
});

test("group overrides are replaced, inherited or removed without touching the rest", () => {
  const changed = withGroupOverride(doc, "shard-02", "off", {});
  assert.deepEqual(changed.groups["shard-02"], { mode: "off" });
  assert.deepEqual(changed.groups["shard-01"], doc.groups["shard-01"]);
  assert.equal(doc.groups["shard-02" as keyof typeof doc.groups], undefined, "the input is not mutated");
  assert.deepEqual(withGroupOverride(doc, "shard-01", null, { failover: { maxLagMs: 1 } }).groups["shard-01"], { failover: { maxLagMs: 1 } });
  assert.equal("shard-01" in withGroupOverride(doc, "shard-01", null, {}).groups, false, "an empty override is dropped");
  assert.deepEqual(withoutGroupOverride(doc, "shard-01").groups, {});
  assert.equal(withDefaultMode(doc, "approval").default.mode, "approval");
  assert.equal(withDefaultMode(doc, "approval").default.failover.confirmWindowMs, 5000);
});
