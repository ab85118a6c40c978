import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { RecoverySim, T0, downSince, fleetNode, healthyGroup, policies, withErrorRate, withLink, withNode } from "./fixtures";
import { BLAST_RADIUS_CLEAR_MS, blastRadiusBreaches, refillBucket, takeTokens } from "./guards";
import { plan } from "./planner";
import type { KnownAction } from "./types";

const A = "sim-a-001";
const B = "sim-b-002";
const C = "sim-c-003";
const sick = withErrorRate(0.9);
const DESTRUCTIVE = new Set(["promote", "follow", "restart", "remove-from-ring"]);

function zoneNodes(zone: string, count: number, down: number): NodeView[] {
  return Array.from({ length: count }, (_, i) => {
    const node = fleetNode(`${zone}-n${i}`, { zone });
    return i < down ? downSince(T0 - 10_000)(node) : node;
  });
}

test("blast radius thresholds: ≥ 55% and ≥ 3 nodes of a zone or of the fleet", () => {
  const cases: [string, NodeView[], string[]][] = [
    ["3 of 5 (60%) of a zone", [...zoneNodes("z1", 5, 3), ...zoneNodes("z2", 5, 0)], ["zone z1"]],
    ["2 of 4 (50%) of a zone", [...zoneNodes("z1", 4, 2), ...zoneNodes("z2", 4, 0)], []],
    ["2 of 2 (100%), too few to judge", [...zoneNodes("z1", 2, 2), ...zoneNodes("z2", 4, 0)], []],
    ["the whole fleet", [...zoneNodes("z1", 3, 2), ...zoneNodes("z2", 3, 2)], ["fleet"]],
  ];
  for (const [name, nodes, scopes] of cases) assert.deepEqual(blastRadiusBreaches(nodes).map((b) => b.scope), scopes, name);
});

test("blast radius: 60% of a zone down → no destructive action and exactly one frozen event", () => {
  const sim = new RecoverySim();
  const group = healthyGroup(); // primary in zone-a
  const extra = zoneNodes("zone-a", 4, 2);
  sim.tick([...group, ...extra], T0);
  const partitioned = [...withNode(withNode(withNode(group, A, downSince(T0 + 1_000)), B, withLink(false)), C, withLink(false)), ...extra, sick(fleetNode("z9-sick", { zone: "zone-b" }))];
  for (let t = T0 + 2_000; t < T0 + 60_000; t += 1_000) sim.tick(partitioned, t);
  assert.deepEqual(sim.allActions().filter((a) => DESTRUCTIVE.has(a.kind)), []);
  const frozen = sim.allAlerts().filter((e) => e.kind === "frozen");
  assert.equal(frozen.length, 1);
  assert.match(frozen[0].summary, /Vigil may be partitioned/);
  const last = sim.outputs.at(-1)!;
  assert.equal(last.freezes[0].kind, "blast-radius");
  assert.ok(last.blocks.some((b) => b.kind === "frozen" && b.actionKind === "promote"));
  assert.ok(last.blocks.some((b) => b.kind === "frozen" && b.actionKind === "restart"));
  assert.equal(sim.allAlerts().filter((e) => e.kind === "blocked").length, 0, "held actions do not each page");
  // The condition clears: the freeze holds a minute more, then lifts; a new episode would page again.
  const healed = [...healthyGroup(), ...zoneNodes("zone-a", 4, 0), sick(fleetNode("z9-sick", { zone: "zone-b" }))];
  const stillFrozen = sim.tick(healed, T0 + 61_000);
  assert.equal(stillFrozen.freezes.length, 1);
  const lifted = sim.tick(healed, T0 + 61_000 + BLAST_RADIUS_CLEAR_MS);
  assert.equal(lifted.freezes.length, 0);
  assert.equal(lifted.actions.filter((a) => a.kind === "restart").length, 1);
});

test("self-distrust: frozenUntil in the future freezes every action", () => {
  const nodes = [sick(fleetNode("solo"))];
  const sim = new RecoverySim();
  sim.tick(nodes, T0);
  const frozen = sim.tick(nodes, T0 + 5_000, { selfCheck: { frozenUntil: T0 + 10_000, reason: "event loop stalled 2.1 s" } });
  assert.equal(frozen.actions.length, 0);
  assert.equal(frozen.freezes[0].kind, "self-check");
  assert.match(frozen.freezes[0].reason, /event loop stalled/);
  assert.equal(frozen.alerts.filter((e) => e.kind === "frozen").length, 1);
  const after = sim.tick(nodes, T0 + 10_000, { selfCheck: { frozenUntil: T0 + 10_000, reason: "event loop stalled 2.1 s" } });
  assert.equal(after.actions.length, 1);
});

test("kill switch: nothing runs, one frozen event, blocks explain it", () => {
  const nodes = [sick(fleetNode("solo"))];
  const sim = new RecoverySim({ killSwitch: true });
  for (let t = T0; t < T0 + 30_000; t += 1_000) sim.tick(nodes, t);
  assert.equal(sim.allActions().length, 0);
  assert.equal(sim.allAlerts().filter((e) => e.kind === "frozen").length, 1);
  assert.match(sim.outputs.at(-1)!.blocks[0].reason, /kill switch/);
});

test("token bucket: burst 3, then one destructive action per 10 s (6/min)", () => {
  const bucket = refillBucket(null, { perMinute: 6, burst: 3 }, T0);
  assert.deepEqual([1, 2, 3, 4].map(() => takeTokens(bucket, 1)), [true, true, true, false]);
  const later = refillBucket(bucket, { perMinute: 6, burst: 3 }, T0 + 10_000);
  assert.deepEqual([takeTokens(later, 1), takeTokens(later, 1)], [true, false]);
  assert.equal(refillBucket(later, { perMinute: 6, burst: 3 }, T0 + 3_600_000).tokens, 3, "never above the burst");

  const nodes = Array.from({ length: 6 }, (_, i) => sick(fleetNode(`solo-${i}`, { zone: `z${i}` })));
  const sim = new RecoverySim();
  sim.tick(nodes, T0);
  const first = sim.tick(nodes, T0 + 3_000);
  assert.equal(first.actions.length, 3);
  assert.equal(first.blocks.filter((b) => b.kind === "rate-limited").length, 3);
  assert.match(first.blocks.find((b) => b.kind === "rate-limited")!.reason, /at most 6 destructive actions a minute/);
  assert.equal(sim.tick(nodes, T0 + 8_000).actions.length, 0);
  assert.equal(sim.tick(nodes, T0 + 13_000).actions.length, 1);
});

test("minimum available replicas: never restart a member when too few others stay healthy", () => {
  const cases: [string, NodeView[], number][] = [
    ["replica sick, primary and other replica healthy", withNode(healthyGroup(), B, sick), 1],
    ["primary sick, both replicas down", withNode(withNode(withNode(healthyGroup(), A, sick), B, downSince(T0 - 60_000)), C, downSince(T0 - 60_000)), 0],
    ["group of one: nobody else to keep available", [sick(fleetNode("solo"))], 1],
  ];
  for (const [name, nodes, restarts] of cases) {
    const sim = new RecoverySim();
    sim.tick(nodes, T0);
    const output = sim.tick(nodes, T0 + 3_000);
    assert.equal(output.actions.filter((a) => a.kind === "restart").length, restarts, name);
    if (restarts === 0) {
      const block = output.blocks.find((b) => b.kind === "min-available");
      assert.ok(block, name);
      assert.match(block.reason, /fewer than the minimum of 1/);
    }
  }
  const strict = new RecoverySim({ policies: policies({ default: { minAvailableReplicas: 2 } }) });
  const oneReplicaDown = withNode(withNode(healthyGroup(), B, sick), C, downSince(T0 - 60_000));
  strict.tick(oneReplicaDown, T0);
  assert.equal(strict.tick(oneReplicaDown, T0 + 3_000).blocks.filter((b) => b.kind === "min-available").length, 1);
});

test("one plan per group: a second plan waits, in the same round and while one is active in the database", () => {
  const bothSick = withNode(withNode(healthyGroup(), B, sick), C, sick);
  const sim = new RecoverySim({ autoComplete: false });
  sim.tick(bothSick, T0);
  const output = sim.tick(bothSick, T0 + 3_000);
  assert.deepEqual(output.actions.map((a) => [a.kind, a.target]), [["restart", B]]);
  assert.equal(output.blocks.find((b) => b.kind === "plan-in-progress")?.nodeId, C);
  const whileRunning = sim.tick(bothSick, T0 + 4_000);
  assert.equal(whileRunning.actions.length, 0, "the restart of B is still running");
  sim.setState(output.actions[0].id, "succeeded");
  assert.deepEqual(sim.tick(bothSick, T0 + 5_000).actions.map((a) => a.target), [C]);

  const operatorPlan: KnownAction = { id: "manual-1", kind: "run-hook", target: A, groupId: "shard-01", state: "running", createdAt: T0, finishedAt: null, epoch: 1, source: "operator" };
  const other = new RecoverySim({ autoComplete: false });
  const oneSick = withNode(healthyGroup(), B, sick);
  other.actions.push(operatorPlan);
  other.tick(oneSick, T0);
  assert.equal(other.tick(oneSick, T0 + 3_000).actions.length, 0);
});

test("maintenance pauses recovery of a node and of a whole group", () => {
  const nodes = withNode(healthyGroup(), B, sick);
  const byNode = new RecoverySim({ maintenance: { nodeIds: [B], groupIds: [] } });
  byNode.tick(nodes, T0);
  const paused = byNode.tick(nodes, T0 + 3_000);
  assert.equal(paused.actions.length, 0);
  assert.equal(paused.blocks[0].kind, "maintenance");
  assert.equal(paused.alerts.length, 0, "maintenance is the operator's choice: no page");

  const byGroup = new RecoverySim({ maintenance: { nodeIds: [], groupIds: ["shard-01"] } });
  byGroup.tick(healthyGroup(), T0);
  const lost = withNode(withNode(withNode(healthyGroup(), A, downSince(T0 + 1_000)), B, withLink(false)), C, withLink(false));
  const output = byGroup.tick(lost, T0 + 2_000);
  assert.equal(output.actions.length, 0);
  assert.ok(output.blocks.some((b) => b.kind === "maintenance" && b.actionKind === "promote"));
});

test("modes: off plans nothing, dry-run records, approval waits for a human, auto runs", () => {
  const nodes = [sick(fleetNode("solo"))];
  const run = (mode: "off" | "dry-run" | "approval" | "auto", approve = false) => {
    const sim = new RecoverySim({ policies: policies({ groups: { solo: { mode } } }) });
    sim.tick(nodes, T0);
    const first = sim.tick(nodes, T0 + 3_000);
    const again = sim.tick(nodes, T0 + 4_000, { approvals: approve ? first.actions.map((a) => a.id) : [] });
    return { first, again, sim };
  };
  const off = run("off");
  assert.equal(off.first.actions.length + off.first.blocks.length + off.first.alerts.length, 0);

  const dry = run("dry-run");
  assert.deepEqual(dry.first.actions.map((a) => [a.state, a.dryRun, a.awaitingApproval]), [["planned", true, false]]);
  assert.equal(dry.again.actions.length, 0, "recorded once; the same id is not proposed again");
  assert.equal((dry.sim.state as { restarts: Record<string, { count: number }> }).restarts.solo.count, 0, "a dry run does not advance the ladder");

  const waiting = run("approval");
  assert.deepEqual(waiting.first.actions.map((a) => [a.state, a.dryRun, a.awaitingApproval]), [["planned", false, true]]);
  assert.equal(waiting.again.actions.length, 0);

  const approved = run("approval", true);
  assert.deepEqual(approved.again.actions.map((a) => [a.id, a.state, a.awaitingApproval]), [[approved.first.actions[0].id, "running", false]]);

  const auto = run("auto");
  assert.deepEqual(auto.first.actions.map((a) => [a.state, a.dryRun]), [["running", false]]);
});

test("approval: a pending promote is cancelled when the primary comes back before anyone approves", () => {
  const sim = new RecoverySim({ policies: policies({ default: { mode: "approval" } }) });
  sim.tick(healthyGroup(), T0);
  const lost = withNode(withNode(withNode(healthyGroup(), A, downSince(T0 + 1_000)), B, withLink(false)), C, withLink(false));
  const pending = sim.tick(lost, T0 + 2_000).actions[0];
  assert.equal(pending.kind, "promote");
  assert.equal(pending.awaitingApproval, true);
  assert.equal(sim.tick(lost, T0 + 3_000).actions.length, 0, "still waiting, same plan");
  const back = sim.tick(healthyGroup(), T0 + 4_000);
  assert.deepEqual(back.cancellations.map((c) => c.actionId), [pending.id]);
});

test("approval: a restart still awaiting approval does not hold up a failover; it is cancelled as superseded", () => {
  const sim = new RecoverySim({ policies: policies({ default: { mode: "approval" } }) });
  const replicaSick = withNode(healthyGroup(), B, sick);
  sim.tick(replicaSick, T0);
  const restart = sim.tick(replicaSick, T0 + 3_000).actions[0];
  assert.deepEqual([restart.kind, restart.target, restart.awaitingApproval], ["restart", B, true]);
  const lost = withNode(withNode(withNode(replicaSick, A, downSince(T0 + 4_000)), B, withLink(false)), C, withLink(false));
  const output = sim.tick(lost, T0 + 5_000);
  const promote = output.actions.find((a) => a.kind === "promote");
  assert.ok(promote, `blocks: ${output.blocks.map((b) => b.kind).join(", ")}`);
  assert.equal(promote.awaitingApproval, true);
  const superseded = output.cancellations.find((c) => c.actionId === restart.id);
  assert.match(superseded?.reason ?? "", /Superseded/);
  assert.equal(output.cancellations.filter((c) => c.actionId === restart.id).length, 1);
});

test("a switchover scheduled for later does not hold up a failover; it is cancelled as superseded", () => {
  const sim = new RecoverySim();
  sim.tick(healthyGroup(), T0);
  const scheduled = { id: "switchover:shard-01:later", planId: "switchover:shard-01:later", kind: "switchover" as const, target: B, groupId: "shard-01", state: "planned" as const, createdAt: T0, finishedAt: null, epoch: 2, source: "operator" as const };
  sim.actions.push(scheduled);
  const lost = withNode(withNode(withNode(healthyGroup(), A, downSince(T0 + 1_000)), B, withLink(false)), C, withLink(false));
  const output = sim.tick(lost, T0 + 2_000);
  assert.ok(output.actions.find((a) => a.kind === "promote"), `blocks: ${output.blocks.map((b) => `${b.kind}: ${b.reason}`).join("; ")}`);
  assert.match(output.cancellations.find((c) => c.actionId === scheduled.id)?.reason ?? "", /Superseded/);
});

test("one plan per group still holds when the active plan has started: a running restart keeps a promote waiting", () => {
  const sim = new RecoverySim({ autoComplete: false });
  const replicaSick = withNode(healthyGroup(), B, sick);
  sim.tick(replicaSick, T0);
  assert.equal(sim.tick(replicaSick, T0 + 3_000).actions[0].state, "running");
  const lost = withNode(withNode(withNode(replicaSick, A, downSince(T0 + 4_000)), B, withLink(false)), C, withLink(false));
  const output = sim.tick(lost, T0 + 5_000);
  assert.equal(output.actions.filter((a) => a.kind === "promote").length, 0);
  assert.ok(output.blocks.some((b) => b.kind === "plan-in-progress" && b.actionKind === "promote"));
  assert.equal(output.cancellations.length, 0);
});

test("deterministic ids: re-planning from the same state yields the same actions, and no duplicates", () => {
  const sim = new RecoverySim();
  sim.tick(healthyGroup(), T0);
  const lost = withNode(withNode(withNode(healthyGroup(), A, downSince(T0 + 1_000)), B, withLink(false)), C, withLink(false));
  const input = sim.input(lost, T0 + 2_000);
  const first = plan(input);
  const replay = plan(structuredClone(input));
  assert.deepEqual(replay.actions, first.actions);
  assert.deepEqual(replay.state, first.state);
  // The caller crashed after storing the actions but before storing the state: the ids collide instead of doubling.
  sim.apply({ ...first, state: JSON.parse(JSON.stringify(input.previousState)) }, T0 + 2_000);
  const afterCrash = sim.tick(lost, T0 + 2_500);
  assert.equal(afterCrash.actions.length, 0, "the stored promote is recognised by its id");
  const memory = (sim.state as { failovers: Record<string, { attempts: { nodeId: string }[] }> }).failovers["shard-01"];
  assert.deepEqual(memory.attempts.map((a) => a.nodeId), [B], "the failover memory is rebuilt from the stored action");
  const next = sim.tick(lost, T0 + 2_500 + 15_000);
  assert.equal(next.actions.find((a) => a.kind === "promote")?.target, C, "and verification goes on from there");
  assert.equal(new Set(sim.actions.map((a) => a.id)).size, sim.actions.length);
  assert.match(first.actions[0].id, /^promote-[0-9a-f]{24}$/);
});
