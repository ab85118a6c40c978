import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { T0, healthyGroup, inState, replicaNode, withNode } from "./fixtures";
import { replicaGroupStatus } from "./replica-group-status";
import { SETTLE_AFTER_DISTRUST_MS, UNREPORTED_MEMBER_MS, settleProblems } from "./settle";
import { DEFAULT_REPLICATION_SETTINGS } from "./settings";

/** A group at a start: both replicas said hello and report, the primary has not connected yet. */
const replicasOnly = (): NodeView[] => [
  replicaNode("sim-b-002", "shard-01", "zone-b", "sim-a-001"),
  replicaNode("sim-c-003", "shard-01", "zone-c", "sim-a-001"),
];

function settle(nodes: NodeView[], now: number, distrustedUntil: number | null, reportedKeys: ReadonlySet<string> = new Set()) {
  const status = replicaGroupStatus(nodes, null, now, DEFAULT_REPLICATION_SETTINGS);
  return settleProblems({ now, problems: status.problems, groups: status.groups, nodes, distrustedUntil, reportedKeys });
}

test("while detection is in grace nothing is synced: no incident opens, none resolves", () => {
  const result = settle(replicasOnly(), T0, T0 + 5_000);
  assert.equal(result.sync, false);
});

test("just after the grace, agents still reconnecting get a moment before a missing primary counts", () => {
  const result = settle(replicasOnly(), T0 + 5_000 + SETTLE_AFTER_DISTRUST_MS - 1, T0 + 5_000);
  assert.equal(result.sync, false);
});

test("after the grace a group that really has no primary opens its incident", () => {
  const result = settle(replicasOnly(), T0 + 5_000 + SETTLE_AFTER_DISTRUST_MS, T0 + 5_000);
  assert.ok(result.sync);
  assert.deepEqual(result.report.map((p) => p.kind), ["no_healthy_primary"]);
});

test("a member that said hello but has no verdict yet holds its group's primary problems, not other groups'", () => {
  const now = T0;
  const waiting = withNode(healthyGroup(), "sim-a-001", (node) => ({ ...inState("unknown", true)(node), stateSince: now - 1_000 }));
  const broken = withNode(healthyGroup("shard-02", ["sim-a-011", "sim-b-012", "sim-c-013"]), "sim-a-011", inState("down"));
  const result = settle([...waiting, ...broken], now, null);
  assert.ok(result.sync);
  assert.deepEqual(result.withheld.map((p) => `${p.kind} ${p.groupId}`), ["no_healthy_primary shard-01"]);
  assert.deepEqual(result.report.map((p) => `${p.kind} ${p.groupId}`), ["no_healthy_primary shard-02"]);
});

test("a member stuck unknown is not waited for forever", () => {
  const now = T0;
  const stuck = withNode(healthyGroup(), "sim-a-001", (node) => ({ ...inState("unknown", false)(node), stateSince: now - UNREPORTED_MEMBER_MS }));
  const result = settle(stuck, now, null);
  assert.ok(result.sync);
  assert.deepEqual(result.report.map((p) => p.kind), ["no_healthy_primary"]);
});

test("an incident already open stays reported while its group settles (no resolve-and-reopen)", () => {
  const now = T0;
  const waiting = withNode(healthyGroup(), "sim-a-001", (node) => ({ ...inState("unknown", true)(node), stateSince: now - 1_000 }));
  const first = settle(waiting, now, null);
  assert.ok(first.sync);
  const key = first.withheld[0].key;
  const again = settle(waiting, now, null, new Set([key]));
  assert.ok(again.sync);
  assert.deepEqual(again.report.map((p) => p.key), [key]);
});
