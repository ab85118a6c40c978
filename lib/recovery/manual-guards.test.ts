import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { T0, downSince, healthyGroup, policies, withLink, withNode } from "./fixtures";
import { checkManualAction, describeViolations, type ManualGuardContext, type ManualRequest } from "./manual-guards";
import { emptyPlannerState, type PlannerState } from "./state";
import type { KnownAction } from "./types";

const [A, B, C] = ["sim-a-001", "sim-b-002", "sim-c-003"];
const OTHER = ["oth-a-001", "oth-b-002", "oth-c-003"] as [string, string, string];

function context(nodes: readonly NodeView[], extra: Partial<ManualGuardContext> = {}): ManualGuardContext {
  const { groups } = replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS);
  return {
    now: T0,
    groups,
    policies: policies(),
    plannerState: emptyPlannerState(),
    acknowledgements: [],
    freezes: [],
    maintenance: { nodeIds: [], groupIds: [] },
    actions: [],
    ...extra,
  };
}

const guards = (request: ManualRequest, ctx: ManualGuardContext) => checkManualAction(request, ctx).violations.map((v) => v.guard);
const fleet = () => [...healthyGroup("shard-01"), ...healthyGroup("shard-02", OTHER)];
/** The first group's primary is gone and its replicas lost their link to it. */
const primaryDown = () => withNode(withNode(withNode(fleet(), A, downSince(T0 - 30_000)), B, withLink(false)), C, withLink(false));

test("promoting a replica while the recognised primary is healthy violates healthy-primary", () => {
  const check = checkManualAction({ kind: "promote", target: B }, context(fleet()));
  assert.deepEqual(check.violations.map((v) => v.guard), ["healthy-primary"]);
  assert.equal(check.violations[0].overridable, true);
  assert.match(describeViolations(check.violations), /^healthy-primary: sim-a-001 is the healthy recognised primary/);
});

test("a promote with the primary down passes and carries the group's next epoch, as the planner's would", () => {
  const ctx = context(primaryDown());
  const group = ctx.groups.find((g) => g.id === "shard-01");
  const check = checkManualAction({ kind: "promote", target: B }, ctx);
  assert.deepEqual(check.violations, []);
  assert.equal(check.groupId, "shard-01");
  assert.equal(check.epoch, (group?.epoch ?? 0) + 1);
});

test("a promote of a down node violates target-live", () => {
  assert.deepEqual(guards({ kind: "promote", target: A }, context(primaryDown())), ["target-live"]);
});

test("following a node of another replica group is refused, and force cannot lift it", () => {
  const check = checkManualAction({ kind: "follow", target: C, source: OTHER[0] }, context(fleet()));
  assert.deepEqual(check.violations.map((v) => [v.guard, v.overridable]), [["same-group", false]]);
});

test("unknown or pending nodes are no members", () => {
  const check = checkManualAction({ kind: "promote", target: "ghost" }, context(fleet()));
  assert.deepEqual(check.violations.map((v) => [v.guard, v.overridable]), [["member", false]]);
  assert.deepEqual(guards({ kind: "follow", target: C, source: "ghost" }, context(fleet())), ["member"]);
});

test("a follow of the healthy primary is a demotion", () => {
  assert.deepEqual(guards({ kind: "follow", target: A, source: B }, context(fleet())), ["healthy-primary", "follow-primary"]);
  assert.deepEqual(guards({ kind: "follow", target: C, source: A }, context(fleet())), []);
});

test("min-available: a restart or re-point may not leave fewer healthy members than the policy's minimum", () => {
  const nodes = withNode(fleet(), B, downSince(T0 - 30_000));
  const strict = context(nodes, { policies: policies({ default: { minAvailableReplicas: 2 } }) });
  assert.deepEqual(guards({ kind: "restart", target: C }, strict), ["min-available"]);
  assert.deepEqual(guards({ kind: "follow", target: C, source: A }, strict), ["min-available"]);
  assert.deepEqual(guards({ kind: "restart", target: C }, context(nodes)), []);
});

test("anti-flap after a completed failover holds a manual promote until acknowledged", () => {
  const ctx = context(primaryDown());
  const epoch = ctx.groups.find((g) => g.id === "shard-01")?.epoch ?? 1;
  const state: PlannerState = {
    ...emptyPlannerState(),
    failovers: {
      "shard-01": {
        planId: "p", oldPrimaryId: "x", primaryDownSince: T0 - 120_000, fromEpoch: epoch - 1, newEpoch: epoch, phase: "completed", startedAt: T0 - 100_000,
        attempts: [], promotedId: A, completedAt: T0 - 60_000, followed: [], antiFlapAcknowledged: false,
      },
    },
  };
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...ctx, plannerState: state }), ["anti-flap"]);
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...ctx, plannerState: state, acknowledgements: [`anti-flap:shard-01:e${epoch}`] }), []);
});

test("maintenance, freezes the planner saw, and an active plan each name their guard", () => {
  const base = context(primaryDown());
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...base, maintenance: { nodeIds: [], groupIds: ["shard-01"] } }), ["maintenance"]);
  const freeze = { id: "self-check:1", kind: "self-check" as const, scope: "all" as const, reason: "stall", since: T0, until: T0 + 5_000 };
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...base, freezes: [freeze] }), ["frozen"]);
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...base, freezes: [{ ...freeze, until: T0 - 1 }] }), [], "an expired freeze holds nothing");
  const active: KnownAction = { id: "promote-x", kind: "promote", target: C, groupId: "shard-01", state: "running", createdAt: T0, finishedAt: null, epoch: 2, source: "planner" };
  assert.deepEqual(guards({ kind: "promote", target: B }, { ...base, actions: [active] }), ["plan-in-progress"]);
  const blast = { ...freeze, id: "blast-radius:1", kind: "blast-radius" as const, scope: "destructive" as const, until: null };
  assert.deepEqual(guards({ kind: "run-hook", target: B }, { ...base, freezes: [blast] }), [], "a hook is not destructive");
});
