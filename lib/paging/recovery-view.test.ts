import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_RECOVERY_HOLD_MS, recoveryForGroup, type PlanForPaging } from "./recovery-view";

const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

function plan(over: Partial<PlanForPaging> = {}, action: Partial<PlanForPaging["actions"][number]> = {}): PlanForPaging {
  return {
    id: "plan-1", groupId: "kv", kind: "promote", state: "active", reason: "primary down", createdAt: T0 + 2_000, finishedAt: null,
    actions: [{ id: "a1", kind: "promote", target: "kv-b", state: "running", dryRun: false, approvedBy: null, createdAt: T0 + 2_000, startedAt: T0 + 2_100, finishedAt: null, timeoutMs: 15_000, outcome: null, ...action }],
    ...over,
  };
}

describe("recoveryForGroup", () => {
  it("a running failover holds until its action's timeout and verification, never past the cap", () => {
    const recovery = recoveryForGroup({ groupId: "kv", plans: [plan()], events: [], now: T0 + 3_000, detectedAt: T0 });
    assert.equal(recovery?.state, "running");
    assert.equal(recovery?.kind, "failover");
    assert.equal(recovery?.deadline, T0 + 2_100 + 15_000 + 30_000);
    const slow = recoveryForGroup({ groupId: "kv", plans: [plan({}, { timeoutMs: 3_600_000 })], events: [], now: T0 + 3_000, detectedAt: T0 });
    assert.equal(slow?.deadline, T0 + 2_000 + MAX_RECOVERY_HOLD_MS);
  });

  it("an action waiting for approval is not held, and carries the action to approve", () => {
    const recovery = recoveryForGroup({ groupId: "kv", plans: [plan({}, { state: "planned", startedAt: null })], events: [], now: T0 + 3_000, detectedAt: T0 });
    assert.equal(recovery?.state, "awaiting-approval");
    assert.equal(recovery?.approvalActionId, "a1");
    assert.equal(recovery?.deadline, null);
  });

  it("the verified promotion is success, with detection → confirmation → promotion → first write", () => {
    const promoted = plan({}, { state: "succeeded", finishedAt: T0 + 2_500 });
    const events = [{ kind: "failover_completed", at: T0 + 3_200, group: "kv", node: "kv-b", message: "Failover of kv completed: kv-b is primary" }];
    const recovery = recoveryForGroup({ groupId: "kv", plans: [promoted], events, now: T0 + 4_000, detectedAt: T0 });
    assert.equal(recovery?.state, "succeeded");
    assert.deepEqual(recovery?.timeline.map((t) => t.step), ["detection", "confirmation", "promotion", "first write"]);
  });

  it("an escalation after the plan started is the newer word; other groups and old outcomes say nothing", () => {
    const events = [{ kind: "escalated", at: T0 + 5_000, group: "kv", node: null, message: "no candidate could be verified" }];
    assert.equal(recoveryForGroup({ groupId: "kv", plans: [plan()], events, now: T0 + 6_000, detectedAt: T0 })?.state, "escalated");
    assert.equal(recoveryForGroup({ groupId: "other", plans: [plan()], events, now: T0 + 6_000, detectedAt: T0 }), null);
    const old = plan({ state: "completed", finishedAt: T0 + 3_000 });
    assert.equal(recoveryForGroup({ groupId: "kv", plans: [old], events: [], now: T0 + 3_600_000, detectedAt: T0 }), null);
  });
});
