import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/views";
import { RecoverySim, T0, downSince, healthyGroup, inState, policies } from "./fixtures";
import { reducedWeight } from "./reweight-ladder";
import type { RingInput } from "./types";

const ring = (autoJoin: boolean, groups = [{ id: "shard-01", weight: 2 }, { id: "shard-02", weight: 1 }]): RingInput => ({ epoch: 7, groups, autoJoin });
const gone = (since: number): NodeView[] => healthyGroup().map(downSince(since));
const back = (since: number): NodeView[] => healthyGroup().map((node) => ({ ...inState("healthy")(node), stateSince: since }));
const otherShard = () => healthyGroup("shard-02", ["s2-a", "s2-b", "s2-c"]).map((node) => ({ ...node, zone: "zone-z" }));

test("ring removal only after ringRemovalAfterMs with no live member; re-added with its weight when it returns (auto-join on)", () => {
  const sim = new RecoverySim({ ring: ring(true) });
  const lastDown = T0 + 1_000;
  const fleet = (nodes: NodeView[]) => [...nodes, ...otherShard()];
  sim.tick(fleet(healthyGroup()), T0);
  assert.equal(sim.tick(fleet(gone(lastDown)), lastDown + 59_000).actions.length, 0, "not before 60 s");
  const removal = sim.tick(fleet(gone(lastDown)), lastDown + 60_000).actions;
  assert.deepEqual(removal.map((a) => [a.kind, a.target, a.epoch, a.args.weight]), [["remove-from-ring", "shard-01", 7, 2]]);
  assert.match(removal[0].reason, /none of its 3 member\(s\) has been live for 60 s/);
  assert.equal(sim.tick(fleet(gone(lastDown)), lastDown + 61_000).actions.length, 0, "once");

  const offRing = { ring: ring(true, [{ id: "shard-02", weight: 1 }]) };
  const returnedAt = lastDown + 120_000;
  assert.equal(sim.tick(fleet(back(returnedAt)), returnedAt + 1_000, offRing).actions.length, 0, "healthy for the confirmation window first");
  const readd = sim.tick(fleet(back(returnedAt)), returnedAt + 5_000, offRing).actions;
  assert.deepEqual(readd.map((a) => [a.kind, a.target, a.args.weight]), [["add-to-ring", "shard-01", 2]]);
});

test("with the ring's auto-join off, a returning group waits for an operator", () => {
  const sim = new RecoverySim({ ring: ring(false) });
  const fleet = (nodes: NodeView[]) => [...nodes, ...otherShard()];
  sim.tick(fleet(healthyGroup()), T0);
  sim.tick(fleet(gone(T0)), T0 + 60_000);
  const returnedAt = T0 + 120_000;
  const output = sim.tick(fleet(back(returnedAt)), returnedAt + 10_000, { ring: ring(false, [{ id: "shard-02", weight: 1 }]) });
  assert.equal(output.actions.length, 0);
  assert.equal(output.blocks[0].kind, "rejoin-needs-operator");
  assert.equal(output.alerts.filter((e) => e.kind === "blocked").length, 1);
});

test("hot reweight: a group staying in the hottest load group loses a bounded step, never below minWeight", () => {
  const hotPolicy = { enabled: true, step: 0.1, minWeight: 0.25 };
  assert.deepEqual([2, 1, 0.27, 0.25].map((w) => reducedWeight(w, hotPolicy)), [1.8, 0.9, 0.25, 0.25]);
  const sim = new RecoverySim({ ring: ring(true), policies: policies({ default: { hotReweight: { enabled: true } } }), hottestLoadGroupNodeIds: ["sim-a-001"] });
  sim.tick(healthyGroup(), T0);
  assert.equal(sim.tick(healthyGroup(), T0 + 599_000).actions.length, 0, "not before 10 min");
  const output = sim.tick(healthyGroup(), T0 + 600_000);
  assert.deepEqual(output.actions.map((a) => [a.kind, a.args.weight]), [["reweight", 1.8]]);
  assert.equal(sim.tick(healthyGroup(), T0 + 601_000, { ring: ring(true, [{ id: "shard-01", weight: 1.8 }]) }).actions.length, 0, "one step per 10 min");
  const off = new RecoverySim({ ring: ring(true), hottestLoadGroupNodeIds: ["sim-a-001"] });
  off.tick(healthyGroup(), T0);
  assert.equal(off.tick(healthyGroup(), T0 + 700_000).actions.length, 0, "disabled by default");
});
