import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { diffProblems } from "./diff-problems";
import { T0, fleetNode, healthyGroup, inState, primaryNode, replicaNode, reportsRole, withNode } from "./fixtures";
import type { GroupMemory } from "./memory";
import { replicaGroupStatus, type ReplicaGroupStatusResult } from "./replica-group-status";
import { DEFAULT_REPLICATION_SETTINGS, replicationSettingsSchema, type ReplicationSettings } from "./settings";

const PRIMARY = "sim-a-001";
const REPLICA_B = "sim-b-002";
const REPLICA_C = "sim-c-003";

function check(nodes: NodeView[], memory: GroupMemory | null = null, now = T0, settings: ReplicationSettings = DEFAULT_REPLICATION_SETTINGS) {
  return replicaGroupStatus(nodes, memory, now, settings);
}

const kinds = (result: ReplicaGroupStatusResult) => result.problems.map((problem) => problem.kind).sort();
const keys = (result: ReplicaGroupStatusResult) => result.problems.map((problem) => problem.key);
const onlyGroup = (result: ReplicaGroupStatusResult) => {
  assert.equal(result.groups.length, 1);
  return result.groups[0];
};

test("a healthy group of three (one primary, two replicas following it) raises nothing", () => {
  const result = check(healthyGroup());
  const group = onlyGroup(result);
  assert.deepEqual(result.problems, []);
  assert.equal(group.id, "shard-01");
  assert.equal(group.implicit, false);
  assert.equal(group.primaryId, PRIMARY);
  assert.equal(group.epoch, 1);
  assert.equal(group.primarySince, T0);
  assert.deepEqual(group.zones, ["zone-a", "zone-b", "zone-c"]);
  assert.equal(group.memberCount, 3);
  assert.equal(group.healthyCount, 3);
  assert.equal(group.maxLagMs, 14);
  assert.deepEqual(
    group.members.map((m) => [m.nodeId, m.role, m.isRecognisedPrimary, m.following, m.offsetLag]),
    [
      [PRIMARY, "primary", true, null, null],
      [REPLICA_B, "replica", false, PRIMARY, 10_000],
      [REPLICA_C, "replica", false, PRIMARY, 20_000],
    ],
  );
});

test("split brain: a second primary raises split_brain, which clears when it steps down", () => {
  const first = check(healthyGroup());
  const split = check(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), first.memory, T0 + 1_000);
  const splitProblem = split.problems.find((problem) => problem.kind === "split_brain");
  assert.ok(splitProblem, "split_brain raised");
  assert.equal(splitProblem.severity, "critical");
  assert.deepEqual(splitProblem.detail.primaryIds, [PRIMARY, REPLICA_B]);
  // The recognised primary stays put while it is healthy, and the epoch does not move.
  assert.equal(onlyGroup(split).primaryId, PRIMARY);
  assert.equal(onlyGroup(split).epoch, 1);

  const healed = check(withNode(healthyGroup(), REPLICA_B, reportsRole("replica", PRIMARY)), split.memory, T0 + 2_000);
  assert.deepEqual(healed.problems, []);
  assert.deepEqual(diffProblems(keys(split), healed.problems).resolved, [splitProblem.key]);
  assert.equal(onlyGroup(healed).epoch, 1);
});

test("split brain counts a connected primary even when it is not healthy", () => {
  const nodes = withNode(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), REPLICA_B, inState("suspect", true));
  assert.ok(kinds(check(nodes)).includes("split_brain"));
  const gone = withNode(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), REPLICA_B, inState("down", false));
  assert.ok(!kinds(check(gone)).includes("split_brain"));
  const cutOff = withNode(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), REPLICA_B, inState("suspect", false));
  assert.ok(!kinds(check(cutOff)).includes("split_brain"), "suspect and disconnected: its claim is stale");
  const downButConnected = withNode(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), REPLICA_B, inState("down", true));
  assert.ok(kinds(check(downButConnected)).includes("split_brain"), "still connected: it may still take writes");
});

test("a replica following a non-primary raises wrong_follower, which clears when fixed", () => {
  const first = check(healthyGroup());
  const wrong = check(withNode(healthyGroup(), REPLICA_C, reportsRole("replica", REPLICA_B)), first.memory, T0 + 1_000);
  assert.deepEqual(kinds(wrong), ["wrong_follower"]);
  const [problem] = wrong.problems;
  assert.equal(problem.nodeId, REPLICA_C);
  assert.equal(problem.subject, REPLICA_C);
  assert.deepEqual(problem.detail, { following: REPLICA_B, expected: PRIMARY });

  const fixed = check(healthyGroup(), wrong.memory, T0 + 2_000);
  assert.deepEqual(fixed.problems, []);
  assert.deepEqual(diffProblems(keys(wrong), fixed.problems), { opened: [], stillOpen: [], resolved: [problem.key] });
});

test("a replica following nothing while there is a primary is a wrong follower", () => {
  const result = check(withNode(healthyGroup(), REPLICA_B, reportsRole("replica", null)));
  assert.deepEqual(kinds(result), ["wrong_follower"]);
  assert.match(result.problems[0].message, /follows no primary/);
});

test("primary down raises no_healthy_primary; promoting a replica clears it and bumps the epoch exactly once", () => {
  const healthy = check(healthyGroup());
  // The primary goes down; its last report still says primary, the replicas still follow it.
  const downNodes = withNode(healthyGroup(), PRIMARY, inState("down"));
  const down = check(downNodes, healthy.memory, T0 + 5_000);
  assert.deepEqual(kinds(down), ["no_healthy_primary"]);
  assert.equal(down.problems[0].severity, "critical");
  assert.match(down.problems[0].message, /sim-a-001 is down/);
  assert.equal(onlyGroup(down).primaryId, PRIMARY, "the down primary stays recognised until someone takes over");
  assert.equal(onlyGroup(down).epoch, 1);
  assert.equal(onlyGroup(check(downNodes, down.memory, T0 + 6_000)).epoch, 1, "an outage alone never moves the epoch");

  // sim-b-002 is promoted and sim-c-003 re-pointed at it; the old primary is still down.
  const promotedNodes = withNode(withNode(downNodes, REPLICA_B, reportsRole("primary")), REPLICA_C, reportsRole("replica", REPLICA_B));
  const promoted = check(promotedNodes, down.memory, T0 + 10_000);
  assert.deepEqual(promoted.problems, [], "no split brain from a down node's stale report");
  assert.deepEqual(diffProblems(keys(down), promoted.problems).resolved, keys(down));
  assert.equal(onlyGroup(promoted).primaryId, REPLICA_B);
  assert.equal(onlyGroup(promoted).epoch, 2);
  assert.equal(onlyGroup(promoted).primarySince, T0 + 10_000);

  // Later calls, and the old primary coming back as a replica of the new one, keep epoch 2.
  let memory = promoted.memory;
  for (let i = 1; i <= 3; i++) {
    const again = check(promotedNodes, memory, T0 + 10_000 + i * 1_000);
    assert.equal(onlyGroup(again).epoch, 2);
    assert.equal(onlyGroup(again).primarySince, T0 + 10_000);
    memory = again.memory;
  }
  const rejoined = withNode(promotedNodes, PRIMARY, (node) => reportsRole("replica", REPLICA_B)(inState("healthy")(node)));
  const afterRejoin = check(rejoined, memory, T0 + 20_000);
  assert.deepEqual(afterRejoin.problems, []);
  assert.equal(onlyGroup(afterRejoin).epoch, 2);
  assert.equal(onlyGroup(afterRejoin).members[0].nodeId, REPLICA_B, "recognised primary listed first");
});

test("an old primary returning healthy and still claiming primary is split brain, not a new epoch", () => {
  const down = check(withNode(healthyGroup(), PRIMARY, inState("down")));
  const promotedNodes = withNode(withNode(healthyGroup(), REPLICA_B, reportsRole("primary")), REPLICA_C, reportsRole("replica", REPLICA_B));
  const promoted = check(withNode(promotedNodes, PRIMARY, inState("down")), down.memory, T0 + 1_000);
  assert.equal(onlyGroup(promoted).epoch, 2);
  const back = check(promotedNodes, promoted.memory, T0 + 2_000);
  assert.deepEqual(kinds(back), ["split_brain"]);
  assert.equal(onlyGroup(back).primaryId, REPLICA_B);
  assert.equal(onlyGroup(back).epoch, 2);
});

test("the recognised primary stays while healthy even when a rival looks stronger", () => {
  const first = check(healthyGroup());
  // sim-b-002 claims primary with a higher offset and sim-c-003 following it.
  const rival = withNode(
    withNode(healthyGroup(), REPLICA_B, (node) => ({ ...reportsRole("primary")(node), replication: { role: "primary", offset: 9_000_000, lagMs: 0, linkUp: true, following: null } })),
    REPLICA_C,
    reportsRole("replica", REPLICA_B),
  );
  const result = check(rival, first.memory, T0 + 1_000);
  assert.equal(onlyGroup(result).primaryId, PRIMARY);
  assert.equal(onlyGroup(result).epoch, 1);
  assert.ok(kinds(result).includes("split_brain"));
  // Without memory, the rival is the better guess.
  assert.equal(onlyGroup(check(rival)).primaryId, REPLICA_B);
});

test("while nobody healthy claims primary, the last recognised one is kept and the epoch holds", () => {
  const down = check(withNode(healthyGroup(), PRIMARY, inState("down")));
  const promotedNodes = withNode(withNode(withNode(healthyGroup(), PRIMARY, inState("down")), REPLICA_B, reportsRole("primary")), REPLICA_C, reportsRole("replica", REPLICA_B));
  const promoted = check(promotedNodes, down.memory, T0 + 1_000);
  assert.equal(onlyGroup(promoted).epoch, 2);
  // Now sim-b-002 dies too, and sim-c-003 has lost its link (follows nobody). The old primary's
  // stale report has the higher offset, but it must not be recognised again.
  const bothDown = withNode(withNode(promotedNodes, REPLICA_B, inState("down")), REPLICA_C, reportsRole("replica", null));
  const result = check(bothDown, promoted.memory, T0 + 2_000);
  assert.equal(onlyGroup(result).primaryId, REPLICA_B);
  assert.equal(onlyGroup(result).epoch, 2);
  assert.deepEqual(kinds(result), ["no_healthy_primary"], "following nobody while the primary is out is not a wrong follower");
  const elsewhere = check(withNode(bothDown, REPLICA_C, reportsRole("replica", PRIMARY)), result.memory, T0 + 3_000);
  assert.deepEqual(kinds(elsewhere), ["no_healthy_primary", "wrong_follower"], "following the old primary still is");
});

test("a suspect primary has no healthy primary by default, and is fine when the setting says so", () => {
  const nodes = withNode(healthyGroup(), PRIMARY, inState("suspect"));
  assert.deepEqual(kinds(check(nodes)), ["no_healthy_primary"]);
  const lenient = replicationSettingsSchema.parse({ suspectPrimaryIsUnhealthy: false });
  assert.deepEqual(check(nodes, null, T0, lenient).problems, []);
});

test("a group where nobody claims primary has no healthy primary", () => {
  const nodes = withNode(healthyGroup(), PRIMARY, reportsRole("replica", null));
  const result = check(nodes);
  assert.equal(onlyGroup(result).primaryId, null);
  assert.deepEqual(kinds(result), ["no_healthy_primary"]);
  assert.match(result.problems[0].message, /no member reports role primary/);
});

test("lag over the threshold raises replication_lag with a message that does not churn", () => {
  assert.deepEqual(check(withNode(healthyGroup(), REPLICA_B, lagging(10_000))).problems, [], "at the threshold is fine");
  const lagged = check(withNode(healthyGroup(), REPLICA_B, lagging(12_500)));
  assert.deepEqual(kinds(lagged), ["replication_lag"]);
  const [problem] = lagged.problems;
  assert.equal(problem.nodeId, REPLICA_B);
  assert.equal(problem.kind === "replication_lag" && problem.detail.lagMs, 12_500);
  assert.equal(onlyGroup(lagged).maxLagMs, 12_500);

  const worse = check(withNode(healthyGroup(), REPLICA_B, lagging(30_000)), lagged.memory, T0 + 1_000);
  assert.deepEqual(keys(worse), keys(lagged));
  assert.equal(worse.problems[0].message, problem.message);

  const strict = replicationSettingsSchema.parse({ lagThresholdMs: 10 });
  assert.deepEqual(
    check(healthyGroup(), null, T0, strict).problems.map((p) => p.nodeId),
    [REPLICA_C],
    "sim-c-003 lags 14 ms, over a 10 ms threshold",
  );
});

test("a healthy replica reporting its link down raises replica_link_down", () => {
  const nodes = withNode(healthyGroup(), REPLICA_C, linkDown);
  const result = check(nodes);
  assert.deepEqual(kinds(result), ["replica_link_down"]);
  assert.equal(result.problems[0].nodeId, REPLICA_C);
  assert.match(result.problems[0].message, /link to sim-a-001 down/);
  assert.deepEqual(check(withNode(nodes, REPLICA_C, inState("suspect"))).problems, [], "only healthy replicas count");
  assert.deepEqual(check(healthyGroup()).problems, []);
  const resyncing = withNode(healthyGroup(), REPLICA_C, (node) => ({ ...linkDown(node), replication: node.replication && { ...node.replication, linkUp: false, lagMs: 1_200 } }));
  assert.deepEqual(check(resyncing).problems, [], "down for 1.2 s: the resync after a follow, not a problem");
});

test("all members in one zone raises single_zone", () => {
  const nodes = healthyGroup().map((node) => ({ ...node, zone: "zone-a" }));
  const result = check(nodes);
  assert.deepEqual(kinds(result), ["single_zone"]);
  assert.deepEqual(result.problems[0].detail, { zone: "zone-a", memberIds: [PRIMARY, REPLICA_B, REPLICA_C] });
  const unknownZones = healthyGroup().map((node) => ({ ...node, zone: null }));
  assert.deepEqual(check(unknownZones).problems, [], "members without a zone are not judged");
  const pair = [primaryNode("p", "pair", "zone-a"), replicaNode("r", "pair", "zone-a", "p")];
  assert.deepEqual(kinds(check(pair)), ["single_zone"]);
  assert.deepEqual(check(pair.slice(0, 1)).problems, [], "a group of one cannot span zones");
});

test("a node with no group is an implicit group of one with no problems", () => {
  const plain = fleetNode("standalone-1");
  const standalonePrimary = fleetNode("standalone-2", { role: "primary", replication: { role: "primary", offset: 10, lagMs: 0, linkUp: true, following: null } });
  const plainDown = fleetNode("standalone-3", { state: "down" });
  const result = check([...healthyGroup(), plain, standalonePrimary, plainDown]);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.groups.map((group) => [group.id, group.implicit, group.memberCount]),
    [
      ["shard-01", false, 3],
      ["standalone-1", true, 1],
      ["standalone-2", true, 1],
      ["standalone-3", true, 1],
    ],
  );
  assert.equal(result.groups.find((group) => group.id === "standalone-2")?.primaryId, "standalone-2");
});

test("a node id equal to a declared group name stays a separate group with distinct keys", () => {
  const clash = fleetNode("shard-01", { zone: "zone-a", role: "primary", state: "down" });
  const result = check([...healthyGroup().map((node) => ({ ...node, zone: "zone-a" })), clash]);
  assert.equal(result.groups.length, 2);
  assert.equal(new Set(keys(result)).size, result.problems.length);
  assert.notEqual(result.groups[0].key, result.groups[1].key);
});

test("problems of several groups are keyed apart and resolved independently", () => {
  const two = [...healthyGroup("shard-01"), ...healthyGroup("shard-02", ["sim-a-004", "sim-b-005", "sim-c-006"])];
  const bothLag = check(withNode(withNode(two, REPLICA_B, lagging(20_000)), "sim-b-005", lagging(20_000)));
  assert.equal(new Set(keys(bothLag)).size, 2);
  const oneFixed = check(withNode(two, "sim-b-005", lagging(20_000)), bothLag.memory, T0 + 1_000);
  const diff = diffProblems(keys(bothLag), oneFixed.problems);
  assert.deepEqual(diff.stillOpen.map((p) => p.nodeId), ["sim-b-005"]);
  assert.deepEqual(diff.opened, []);
  assert.equal(diff.resolved.length, 1);
  assert.match(diff.resolved[0], /shard-01/);
});

function lagging(lagMs: number): (node: NodeView) => NodeView {
  return (node) => ({ ...node, replication: node.replication && { ...node.replication, lagMs } });
}

/** Down for 10 s: an agent reports how long the link has been down as the replica's lag. */
function linkDown(node: NodeView): NodeView {
  return { ...node, replication: node.replication && { ...node.replication, linkUp: false, lagMs: 10_000 } };
}

test("a down replica's stale report is not judged, and a declared-only replica waits for its first report", () => {
  const staleDown = withNode(healthyGroup(), REPLICA_C, (node) => lagging(60_000)(reportsRole("replica", "sim-x-999")(inState("down")(node))));
  const result = check(staleDown);
  assert.deepEqual(result.problems, []);
  assert.equal(onlyGroup(result).maxLagMs, 8, "max lag only over replicas with a current report");
  assert.equal(onlyGroup(result).healthyCount, 2);

  const silent = withNode(healthyGroup(), REPLICA_B, (node) => ({ ...node, replication: null }));
  const silentResult = check(silent);
  assert.deepEqual(silentResult.problems, []);
  assert.equal(onlyGroup(silentResult).members.find((m) => m.nodeId === REPLICA_B)?.role, "replica", "declared role stands in");
});

test("a group's first primary starts epoch 1 even when its replicas were seen first", () => {
  const replicasOnly = healthyGroup().filter((node) => node.id !== PRIMARY);
  const early = check(replicasOnly);
  assert.equal(onlyGroup(early).primaryId, null);
  assert.equal(onlyGroup(early).epoch, 1);
  const complete = check(healthyGroup(), early.memory, T0 + 1_000);
  assert.equal(onlyGroup(complete).primaryId, PRIMARY);
  assert.equal(onlyGroup(complete).epoch, 1);
  assert.deepEqual(complete.problems, []);
});

test("a new database catches up with the fencing epochs agents report instead of issuing epochs they fence off", () => {
  const remembered = withNode(healthyGroup(), REPLICA_B, (node) => ({ ...node, fencingEpoch: 41 }));
  const fresh = check(remembered, null);
  assert.equal(onlyGroup(fresh).epoch, 41, "no memory of the group, yet its epoch starts where the agents left off");
  const again = check(remembered, fresh.memory, T0 + 1_000);
  assert.equal(onlyGroup(again).epoch, 41, "and stays there while nothing moves");
  const promoted = withNode(withNode(withNode(remembered, PRIMARY, inState("down")), REPLICA_B, reportsRole("primary")), REPLICA_C, reportsRole("replica", REPLICA_B));
  assert.equal(onlyGroup(check(promoted, again.memory, T0 + 5_000)).epoch, 42, "a new primary moves it on by one");
});

test("one agent alone cannot lift the group's epoch beyond what the others accept", () => {
  const forged = withNode(withNode(healthyGroup(), REPLICA_B, (node) => ({ ...node, fencingEpoch: 41 })), REPLICA_C, (node) => ({ ...node, fencingEpoch: Number.MAX_SAFE_INTEGER }));
  assert.equal(onlyGroup(check(forged, null)).epoch, 41, "the outlier is ignored; the corroborated epoch stands");
  const ahead = withNode(withNode(healthyGroup(), REPLICA_B, (node) => ({ ...node, fencingEpoch: 41 })), REPLICA_C, (node) => ({ ...node, fencingEpoch: 300 }));
  assert.equal(onlyGroup(check(ahead, null)).epoch, 300, "a member that saw more failovers than the others, within the bound, still counts");
});
