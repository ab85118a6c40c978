import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { RecoverySim, T0, downSince, healthyGroup, inState, policies, reportsRole, withLabels, withLink, withNode } from "./fixtures";
import { rankCandidates } from "./failover-candidates";
import { builtInPolicy } from "./policy";

const A = "sim-a-001"; // primary
const B = "sim-b-002"; // replica, offset 4_990_000
const C = "sim-c-003"; // replica, offset 4_980_000
const DOWN_AT = T0 + 2_000;

/** The primary is down since DOWN_AT and both replicas lost their link. */
function primaryLost(nodes = healthyGroup()): NodeView[] {
  return withNode(withNode(withNode(nodes, A, downSince(DOWN_AT)), B, withLink(false)), C, withLink(false));
}

function started(sim = new RecoverySim()) {
  sim.tick(healthyGroup(), T0); // sees every replica linked
  return sim;
}

test("failover confirmed by the replicas' link loss: promote the best replica at epoch + 1 at once", () => {
  const sim = started();
  const output = sim.tick(primaryLost(), DOWN_AT + 1_000); // well inside the 5 s window
  const promote = output.actions.find((a) => a.kind === "promote");
  assert.ok(promote, "a promote is planned");
  assert.equal(promote.target, B);
  assert.equal(promote.epoch, 2);
  assert.equal(promote.state, "running");
  assert.match(promote.reason, /confirmed by its replicas/);
  assert.deepEqual(
    promote.candidates!.map((c) => [c.nodeId, c.eligible, c.rank]),
    [
      [B, true, 1],
      [C, true, 2],
      [A, false, null],
    ],
  );
  assert.deepEqual(output.rankings[0].candidates, promote.candidates);
});

test("failover confirmed by the window when replicas do not all report the link", () => {
  const sim = started();
  const nodes = withNode(primaryLost(), C, (node) => ({ ...node, replication: null }));
  const early = sim.tick(nodes, DOWN_AT + 4_000);
  assert.equal(early.actions.length, 0);
  assert.equal(early.blocks[0].kind, "confirming");
  assert.equal(early.blocks[0].raises, null);
  const late = sim.tick(nodes, DOWN_AT + 5_000);
  const promote = late.actions.find((a) => a.kind === "promote");
  assert.equal(promote?.target, B);
  assert.match(promote!.reason, /confirmation window/);
});

test("no false failover: the agent is cut off but the replicas still see the primary linked", () => {
  const sim = started();
  const nodes = withNode(healthyGroup(), A, downSince(DOWN_AT)); // replicas still report linkUp true
  for (let t = DOWN_AT; t < DOWN_AT + 120_000; t += 1_000) sim.tick(nodes, t);
  assert.equal(sim.allActions().filter((a) => a.kind === "promote").length, 0);
  const block = sim.outputs.at(-1)!.blocks.find((b) => b.kind === "primary-still-linked");
  assert.ok(block);
  assert.match(block.reason, /still report a live replication link/);
  assert.match(block.reason, /two primaries/);
  assert.equal(sim.allAlerts().filter((e) => e.kind === "blocked").length, 1, "one blocked event, not one per round");
});

test("candidate ranking: priority desc, then offset desc, then id asc; every exclusion explained", () => {
  const policy = builtInPolicy().failover;
  const rank = (nodes: NodeView[], linkSeenAt: Record<string, number>) => {
    const group = replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS).groups[0];
    return rankCandidates({ group, nodesById: new Map(nodes.map((n) => [n.id, n])), failedPrimaryId: A, primaryDownSince: T0, linkSeenAt, policy, tried: new Set(), maintenanceNodeIds: new Set() });
  };
  const seen = { [B]: T0, [C]: T0, "sim-d-004": T0, "sim-e-005": T0 };
  const extra = (id: string, offset: number) => ({ ...healthyGroup()[1], id, replication: { ...healthyGroup()[1].replication!, offset } });
  const cases: { name: string; nodes: NodeView[]; linkSeenAt?: Record<string, number>; order: string[]; excluded?: [string, RegExp][] }[] = [
    { name: "offset decides", nodes: healthyGroup(), order: [B, C] },
    { name: "priority beats offset", nodes: withNode(healthyGroup(), C, withLabels({ priority: "200" })), order: [C, B] },
    { name: "equal offset: id asc", nodes: withNode(healthyGroup(), C, withLink(true, { offset: 4_990_000 })), order: [B, C] },
    { name: "lagging excluded", nodes: withNode(healthyGroup(), B, withLink(true, { lagMs: 20_000 })), order: [C], excluded: [[B, /lagging 20 s behind \(limit 10 s\)/]] },
    { name: "link never seen", nodes: healthyGroup(), linkSeenAt: { [C]: T0 }, order: [C], excluded: [[B, /never seen up/]] },
    { name: "link seen too long ago", nodes: healthyGroup(), linkSeenAt: { [B]: T0 - 60_000, [C]: T0 }, order: [C], excluded: [[B, /last seen 60 s before it failed/]] },
    { name: "priority 0 never promoted", nodes: withNode(healthyGroup(), B, withLabels({ priority: "0" })), order: [C], excluded: [[B, /priority 0: never promoted/]] },
    { name: "unhealthy excluded", nodes: withNode(healthyGroup(), B, inState("suspect")), order: [C], excluded: [[B, /unhealthy \(state suspect\)/]] },
    { name: "disconnected excluded", nodes: withNode(healthyGroup(), B, (n) => ({ ...n, connected: false })), order: [C], excluded: [[B, /not connected/]] },
    { name: "ids break a full tie", nodes: [...healthyGroup(), extra("sim-e-005", 4_990_000), extra("sim-d-004", 4_990_000)], order: [B, "sim-d-004", "sim-e-005", C] },
  ];
  for (const entry of cases) {
    const candidates = rank(entry.nodes, entry.linkSeenAt ?? seen);
    assert.deepEqual(candidates.filter((c) => c.eligible).map((c) => c.nodeId), entry.order, entry.name);
    assert.equal(candidates.length, entry.nodes.length, `${entry.name}: every member is listed`);
    assert.ok(candidates.every((c) => c.reasons.length > 0), `${entry.name}: every member has a reason`);
    assert.match(candidates.find((c) => c.nodeId === A)!.reasons[0], /the failed primary/);
    for (const [id, reason] of entry.excluded ?? []) {
      const candidate = candidates.find((c) => c.nodeId === id)!;
      assert.equal(candidate.eligible, false, `${entry.name}: ${id} excluded`);
      assert.ok(candidate.reasons.some((r) => reason.test(r)), `${entry.name}: ${candidate.reasons.join(" | ")}`);
    }
  }
});

test("verify timeout → the next candidate → escalation", () => {
  const sim = started();
  const nodes = primaryLost();
  for (let t = DOWN_AT + 1_000; t < DOWN_AT + 60_000; t += 1_000) sim.tick(nodes, t);
  const promotes = sim.allActions().filter((a) => a.kind === "promote");
  assert.deepEqual(promotes.map((a) => [a.target, a.epoch, a.step]), [
    [B, 2, "attempt 1"],
    [C, 2, "attempt 2"],
  ]);
  const [first, second] = sim.runTimes("promote");
  assert.equal(second - first, 15_000, "the next candidate after verifyTimeoutMs");
  const alerts = sim.allAlerts();
  assert.equal(alerts.filter((e) => e.kind === "failed").length, 2);
  assert.equal(alerts.filter((e) => e.kind === "escalated").length, 1);
  const block = sim.outputs.at(-1)!.blocks.find((b) => b.kind === "failover-escalated");
  assert.ok(block?.acknowledgeable);
  assert.match(block!.reason, new RegExp(`tried: ${B}, ${C}`));
});

test("a failed promote outcome moves to the next candidate without waiting for the timeout", () => {
  const sim = new RecoverySim({ autoComplete: false });
  sim.tick(healthyGroup(), T0);
  const first = sim.tick(primaryLost(), DOWN_AT + 1_000).actions[0];
  sim.setState(first.id, "failed");
  const next = sim.tick(primaryLost(), DOWN_AT + 2_000);
  assert.equal(next.actions.find((a) => a.kind === "promote")?.target, C);
});

function completedFailover() {
  const sim = started();
  sim.tick(primaryLost(), DOWN_AT + 1_000); // promote B
  const promoted = withNode(withNode(primaryLost(), B, reportsRole("primary")), C, withLink(true));
  const done = sim.tick(promoted, DOWN_AT + 3_000);
  return { sim, promoted, done };
}

test("verified promotion completes the failover: event, and the other replicas follow the new primary", () => {
  const { done } = completedFailover();
  const completed = done.alerts.filter((e) => e.kind === "failover_completed");
  assert.equal(completed.length, 1);
  assert.match(completed[0].summary, /sim-b-002 is primary at epoch 2 \(was sim-a-001\)/);
  const follows = done.actions.filter((a) => a.kind === "follow");
  assert.deepEqual(follows.map((a) => [a.target, a.args.target, a.epoch]), [[C, B, 2]]);
  assert.equal(done.blocks.find((b) => b.kind === "anti-flap")?.raises, null);
});

test("the returning old primary is told to follow the new one, fenced by the new epoch", () => {
  const { sim, promoted } = completedFailover();
  const followsC = withNode(promoted, C, withLink(true, { following: B }));
  const returned = withNode(followsC, A, (node) => ({ ...node, state: "healthy", connected: true, stateSince: DOWN_AT + 30_000 }));
  const output = sim.tick(returned, DOWN_AT + 31_000);
  const fence = output.actions.find((a) => a.kind === "follow" && a.target === A);
  assert.ok(fence, "old primary told to follow");
  assert.equal(fence.args.target, B);
  assert.equal(fence.epoch, 2);
  assert.equal(fence.step, "fence");
  assert.match(fence.reason, /before it can act as primary/);
  assert.equal(sim.tick(returned, DOWN_AT + 32_000).actions.length, 0, "told once");
});

test("after a planned switchover, a member that was away and still follows the old primary is re-pointed when it returns", () => {
  const sim = started();
  // The switchover made C primary at epoch 2 while B was down: A follows C, B still follows A.
  const switched = withNode(withNode(withNode(healthyGroup(), C, reportsRole("primary")), A, reportsRole("replica", C)), B, inState("down"));
  sim.tick(switched, T0 + 5_000);
  sim.actions.push({ id: "switchover:shard-01:1", planId: "switchover:shard-01:1", kind: "switchover", target: C, groupId: "shard-01", state: "succeeded", createdAt: T0 + 4_000, finishedAt: T0 + 4_500, epoch: 2, source: "operator" });
  const returned = withNode(switched, B, (node) => ({ ...node, state: "healthy", connected: true, stateSince: T0 + 20_000, replication: { role: "replica", offset: 4_990_000, lagMs: 10, linkUp: true, following: A } }));
  const output = sim.tick(returned, T0 + 21_000);
  const repoint = output.actions.find((a) => a.kind === "follow" && a.target === B);
  assert.ok(repoint, `B is re-pointed (blocks: ${output.blocks.map((b) => b.reason).join("; ")})`);
  assert.deepEqual([repoint.args.target, repoint.epoch, repoint.step], [C, 2, "repoint"]);
  assert.equal(output.actions.filter((a) => a.kind === "follow" && a.target === A).length, 0, "A, already following C, gets nothing");
});

test("anti-flap: after a failover the group gets no other one until a human acknowledges", () => {
  const { sim, promoted } = completedFailover();
  const blockId = sim.outputs.at(-1)!.blocks.find((b) => b.kind === "anti-flap")!.id;
  const stable = withNode(promoted, C, withLink(true, { following: B }));
  sim.tick(stable, DOWN_AT + 10_000);
  const newDown = DOWN_AT + 20_000;
  const againDown = withNode(withNode(stable, B, downSince(newDown)), C, withLink(false));
  const held = sim.tick(againDown, newDown + 1_000);
  assert.equal(held.actions.length, 0);
  const block = held.blocks.find((b) => b.kind === "anti-flap")!;
  assert.equal(block.raises, "blocked");
  assert.match(block.reason, /held back/);
  assert.equal(held.alerts.filter((e) => e.kind === "blocked").length, 1);
  assert.equal(sim.tick(againDown, newDown + 2_000).alerts.length, 0, "no repeated event");
  const acked = sim.tick(againDown, newDown + 3_000, { acknowledgements: [blockId] });
  const promote = acked.actions.find((a) => a.kind === "promote");
  assert.equal(promote?.target, C);
  assert.equal(promote?.epoch, 3);
});

test("failover precondition: a candidate that reports no data address is not promoted; the block pages and says what is missing", () => {
  const sim = started();
  const noAddress = withNode(primaryLost(), B, withLink(false, { address: null }));
  const held = sim.tick(noAddress, DOWN_AT + 1_000);
  assert.equal(held.actions.filter((a) => a.kind === "promote").length, 0, "nothing promoted");
  const block = held.blocks.find((b) => b.kind === "failover-precondition");
  assert.ok(block, JSON.stringify(held.blocks));
  assert.equal(block.raises, "escalated");
  assert.equal(block.nodeId, B);
  assert.equal(block.acknowledgeable, false);
  assert.match(block.reason, new RegExp(`${B} reports no data address`));
  assert.match(block.reason, /Nothing was promoted/);
  assert.deepEqual(held.alerts.map((e) => e.kind), ["escalated"], "one escalation: an incident and a page");
  assert.equal(sim.tick(noAddress, DOWN_AT + 2_000).alerts.length, 0, "raised once per episode");
  const fixed = sim.tick(primaryLost(), DOWN_AT + 3_000);
  assert.equal(fixed.actions.find((a) => a.kind === "promote")?.target, B, "promoted once the address is known");
  assert.equal(fixed.blocks.filter((b) => b.kind === "failover-precondition").length, 0);
});

test("failover precondition: a live replica whose agent is not connected cannot be re-pointed, so nothing is promoted", () => {
  const sim = started();
  const cutOff = withNode(primaryLost(), C, (node) => ({ ...node, connected: false }));
  const held = sim.tick(cutOff, DOWN_AT + 6_000);
  assert.equal(held.actions.length, 0);
  const block = held.blocks.find((b) => b.kind === "failover-precondition");
  assert.ok(block);
  assert.match(block.reason, new RegExp(`${C} must be re-pointed to ${B} but its agent is not connected`));
  assert.equal(block.raises, "escalated");
});

test("failover precondition: a replica that is down does not hold the failover (it is fenced when it returns)", () => {
  const sim = started();
  const output = sim.tick(withNode(primaryLost(), C, downSince(DOWN_AT)), DOWN_AT + 6_000);
  assert.equal(output.actions.find((a) => a.kind === "promote")?.target, B);
  assert.equal(output.blocks.filter((b) => b.kind === "failover-precondition").length, 0);
});

test("failover precondition: an agent reporting another member's address makes it ambiguous; the block names both", () => {
  const sim = started();
  const impostor = withNode(primaryLost(), C, withLink(false, { address: `${B}.sim.local:6379` }));
  const held = sim.tick(impostor, DOWN_AT + 1_000);
  assert.equal(held.actions.filter((a) => a.kind === "promote").length, 0, "no follow could name the new primary");
  const block = held.blocks.find((b) => b.kind === "failover-precondition");
  assert.ok(block);
  assert.match(block.reason, new RegExp(`${B}'s data address ${B}\\.sim\\.local:6379 is ambiguous: ${C} reports it too`));
  assert.equal(block.raises, "escalated");
  const group = sim.input(impostor, DOWN_AT + 1_500).groups[0];
  assert.deepEqual(group.members.filter((m) => m.nodeId !== A).map((m) => [m.nodeId, m.address]), [[B, null], [C, null]], "neither address is used");
});

test("a promote awaiting approval is withdrawn when it could no longer be finished", () => {
  const sim = new RecoverySim({ policies: policies({ default: { mode: "approval" } }) });
  sim.tick(healthyGroup(), T0);
  const waiting = sim.tick(primaryLost(), DOWN_AT + 1_000).actions.find((a) => a.kind === "promote");
  assert.equal(waiting?.state, "planned");
  const later = sim.tick(withNode(primaryLost(), C, (node) => ({ ...node, connected: false })), DOWN_AT + 2_000);
  assert.deepEqual(later.cancellations.map((c) => c.actionId), [waiting.id]);
  assert.ok(later.blocks.some((b) => b.kind === "failover-precondition"));
});

test("the follows go out in the round the promotion is verified, before the old primary can return", () => {
  const { done } = completedFailover();
  assert.ok(done.alerts.some((e) => e.kind === "failover_completed"));
  const follow = done.actions.find((a) => a.kind === "follow" && a.target === C);
  assert.equal(follow?.state, "running", "in the very round that verified the promotion");
});

test("a follow that failed is sent again (new id) after a pause, and not once it succeeded", () => {
  const sim = new RecoverySim({ autoComplete: false });
  sim.tick(healthyGroup(), T0);
  const promote = sim.tick(primaryLost(), DOWN_AT + 1_000).actions[0];
  sim.setState(promote.id, "succeeded");
  const promoted = withNode(withNode(primaryLost(), B, reportsRole("primary")), C, withLink(true));
  const first = sim.tick(promoted, DOWN_AT + 3_000).actions.find((a) => a.kind === "follow")!;
  assert.equal(first.step, "repoint");
  sim.setState(first.id, "failed");
  sim.actions.find((a) => a.id === first.id)!.finishedAt = DOWN_AT + 3_500;
  assert.equal(sim.tick(promoted, DOWN_AT + 5_000).actions.length, 0, "not at once");
  const second = sim.tick(promoted, DOWN_AT + 9_000).actions.find((a) => a.kind === "follow");
  assert.equal(second?.step, "repoint retry 1");
  assert.notEqual(second?.id, first.id);
  sim.setState(second!.id, "succeeded");
  assert.equal(sim.tick(promoted, DOWN_AT + 20_000).actions.length, 0);
});
