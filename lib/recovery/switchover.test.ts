import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { T0, healthyGroup, inState, withLabels, withNode } from "./fixtures";
import { builtInPolicy } from "./policy";
import { checkSwitchoverGuards, describeTimeline, previewSwitchover, remainingMs, splitAddress, writePauseMs, type SwitchoverInput } from "./switchover";

const A = "sim-a-001"; // primary
const B = "sim-b-002"; // replica, offset 4_990_000, lag 8 ms
const C = "sim-c-003"; // replica, offset 4_980_000, lag 14 ms
const ADDRESSES = { [A]: "10.0.0.1:6379", [B]: "10.0.0.2:6379", [C]: "10.0.0.3:6379" };

function input(nodes: NodeView[] = healthyGroup(), extra: Partial<SwitchoverInput> = {}): SwitchoverInput {
  const { groups } = replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS);
  const group = groups.find((entry) => entry.id === "shard-01");
  assert.ok(group);
  return {
    group,
    nodesById: new Map(nodes.map((node) => [node.id, node])),
    policy: builtInPolicy().failover,
    now: T0,
    addresses: ADDRESSES,
    maintenanceNodeIds: new Set(),
    ...extra,
  };
}

test("a healthy group: the best replica by priority then offset is the target, the other is re-pointed, the epoch advances by one", () => {
  const preview = previewSwitchover(input());
  assert.deepEqual(preview.problems, []);
  assert.equal(preview.primaryId, A);
  assert.equal(preview.targetId, B);
  assert.deepEqual(preview.followers, [C]);
  assert.equal(preview.newEpoch, preview.epoch + 1);
  assert.deepEqual(
    preview.candidates.map((c) => [c.nodeId, c.eligible, c.rank]),
    [
      [B, true, 1],
      [C, true, 2],
      [A, false, null],
    ],
  );
  assert.deepEqual(preview.candidates.find((c) => c.nodeId === A)?.reasons, ["the current primary"]);
  assert.match(preview.candidates[0].reasons[0], /link up now/);
});

test("an operator's target is honoured when eligible, and refused with the judge's reasons when not", () => {
  assert.equal(previewSwitchover(input(undefined, { target: C })).targetId, C);
  const never = previewSwitchover(input(withNode(healthyGroup(), C, withLabels({ priority: "0" })), { target: C }));
  assert.equal(never.targetId, C);
  assert.match(never.problems.join(" "), /sim-c-003 cannot take over: priority 0/);
  assert.match(previewSwitchover(input(undefined, { target: "elsewhere" })).problems.join(" "), /no member/);
});

test("maxLagMs tightens the lag limit: no replica close enough means no switchover", () => {
  const preview = previewSwitchover(input(undefined, { maxLagMs: 5 }));
  assert.equal(preview.targetId, null);
  assert.match(preview.problems.join(" "), /no replica of shard-01 is eligible/);
});

test("preflight: an unhealthy or disconnected primary, an unknown address and a disconnected other member each stop it", () => {
  assert.match(previewSwitchover(input(withNode(healthyGroup(), A, inState("suspect")))).problems.join(" "), /sim-a-001 is suspect, not healthy/);
  assert.match(previewSwitchover(input(withNode(healthyGroup(), A, inState("healthy", false)))).problems.join(" "), /not connected: writes could not be paused/);
  assert.match(previewSwitchover(input(undefined, { addresses: { ...ADDRESSES, [B]: null } })).problems.join(" "), /address of sim-b-002 is unknown/);
  assert.match(previewSwitchover(input(undefined, { addresses: { ...ADDRESSES, [A]: null } })).problems.join(" "), /address of sim-a-001 is unknown/);
  const lostOther = previewSwitchover(input(withNode(healthyGroup(), C, inState("healthy", false)), { target: B }));
  assert.match(lostOther.problems.join(" "), /sim-c-003's agent is not connected: it could not be re-pointed/);
});

test("a node that declares no group has nobody to hand over to", () => {
  const nodes = healthyGroup().map((node) => ({ ...node, group: null }));
  const { groups } = replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS);
  const preview = previewSwitchover({ ...input(), group: groups[0] });
  assert.equal(preview.targetId, null);
  assert.match(preview.problems[0], /no replica to hand the primary role to/);
});

test("addresses split into the follow's host and port, IPv6 in brackets", () => {
  assert.deepEqual(splitAddress("10.0.0.2:6379"), { host: "10.0.0.2", port: 6379 });
  assert.deepEqual(splitAddress("[::1]:7000"), { host: "::1", port: 7000 });
  assert.equal(splitAddress("nope"), null);
  assert.equal(splitAddress("h:99999"), null);
  assert.equal(splitAddress(null), null);
});

test("deadlines and the timeline an operator reads", () => {
  assert.equal(remainingMs(1_000, 500), 500);
  assert.equal(remainingMs(1_000, 950), null);
  const steps = [
    { step: "pause-writes" as const, node: A, startMs: 10, durationMs: 3, ok: true, detail: "offset 42" },
    { step: "catch-up" as const, node: B, startMs: 13, durationMs: 2, ok: true, detail: "" },
    { step: "unpause" as const, node: A, startMs: 40, durationMs: 5, ok: true, detail: "" },
  ];
  assert.equal(writePauseMs(steps), 35);
  assert.equal(describeTimeline(steps.slice(0, 2)), "pause-writes sim-a-001 +10 ms (3 ms) ok: offset 42; catch-up sim-b-002 +13 ms (2 ms) ok");
});

test("the failover's guards hold a switchover: anti-flap, maintenance, freezes, another plan for the group", async () => {
  const { emptyPlannerState } = await import("./state");
  const base = input();
  const policy = builtInPolicy();
  const context = { now: T0, plannerState: emptyPlannerState(), acknowledgements: [], freezes: [], maintenance: { nodeIds: [], groupIds: [] }, actions: [], group: base.group, policy };
  const preview = previewSwitchover(base);
  assert.deepEqual(checkSwitchoverGuards(context, preview), []);
  const state = emptyPlannerState();
  state.failovers["shard-01"] = { planId: "p", phase: "completed", oldPrimaryId: C, primaryDownSince: T0 - 10_000, fromEpoch: 1, newEpoch: 2, startedAt: T0 - 9_000, promotedId: A, completedAt: T0 - 1_000, antiFlapAcknowledged: false, attempts: [], followed: [] };
  const guards = (extra: object) => checkSwitchoverGuards({ ...context, ...extra }, preview).map((violation) => violation.guard);
  assert.deepEqual(guards({ plannerState: state }), ["anti-flap"]);
  assert.deepEqual(guards({ maintenance: { nodeIds: [B], groupIds: [] } }), ["maintenance"]);
  assert.deepEqual(guards({ freezes: [{ id: "f", kind: "self-check", scope: "destructive", reason: "self-check", since: T0, until: null }] }), ["frozen"]);
  const active = { id: "x", kind: "restart" as const, target: C, groupId: "shard-01", state: "running" as const, createdAt: T0, finishedAt: null, epoch: 1, source: "planner" as const };
  assert.deepEqual(guards({ actions: [active] }), ["plan-in-progress"]);
  assert.deepEqual(guards({ actions: [active], selfId: "x" }), []);
});
