import assert from "node:assert/strict";
import { test } from "node:test";
import { receiverSchema } from "../alerts/receivers";
import { describePolicy, escalationPolicySchema } from "./policy";

const base = { name: "Prod", steps: [{ delayMs: 0, targets: [{ kind: "schedule", id: "s1" }] }, { delayMs: 600_000, targets: [{ kind: "receiver", id: "pagerduty" }] }], repeat: 2 };

test("defaults: recovery-aware, enabled, a receiver's default routing that the router accepts", () => {
  const policy = escalationPolicySchema.parse(base);
  assert.equal(policy.recoveryAware, true);
  assert.equal(policy.enabled, true);
  const route = receiverSchema.parse({ ...policy.routing, id: "policy:x", name: policy.name });
  assert.deepEqual(route.groupBy, ["alertname"]);
  assert.equal(route.groupWaitMs, 30_000);
});

test("step 1 may fire at once; later steps wait 10 s to 24 h; 1–10 steps, 1–20 targets, repeat 0–10", () => {
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: [base.steps[0], { ...base.steps[1], delayMs: 999 }] }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: [base.steps[0], { ...base.steps[1], delayMs: 24 * 3_600_000 + 1 }] }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: [] }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: Array.from({ length: 11 }, () => ({ ...base.steps[1] })) }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: [{ delayMs: 0, targets: [] }] }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, repeat: 11 }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, steps: [{ delayMs: 0, targets: [{ kind: "team", id: "x" }] }] }).success);
  assert.ok(!escalationPolicySchema.safeParse({ ...base, routing: { severities: ["loud"] } }).success);
});

test("the chain reads as people say it", () => {
  const policy = escalationPolicySchema.parse(base);
  assert.equal(describePolicy(policy, (t) => (t.id === "s1" ? "Primary" : t.id)), "0 min → schedule Primary; +10 min → receiver pagerduty; repeat ×2");
});
