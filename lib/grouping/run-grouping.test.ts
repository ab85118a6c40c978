import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeLoad } from "./features";
import { PROFILES, samePartition, separatedBlobs, syntheticFleet } from "./fixtures/synthetic-fleet";
import { previousGroupingSchema } from "./grouping-state";
import { runGrouping } from "./run-grouping";
import { DEFAULT_GROUPING_SETTINGS, groupingSettingsSchema, type GroupingSettings } from "./settings";

const settings = DEFAULT_GROUPING_SETTINGS;
const node = (nodeId: string, means: NodeLoad["means"], samples = 60): NodeLoad => ({ nodeId, means, samples });

test("zero nodes: no groups, a clear reason, an empty state", () => {
  const result = runGrouping({ nodes: [], settings, previous: null, seed: 1 });
  assert.deepEqual([result.k, result.silhouette, result.inertia, result.kSelection.reason], [0, null, 0, "no-nodes"]);
  assert.deepEqual(result.groups, []);
  assert.deepEqual(result.state, { version: 1, nextId: 1, groups: [], outliers: [] });
});

test("one node, or nodes that all look identical, make one group with no silhouette", () => {
  const one = runGrouping({ nodes: [node("a", PROFILES.normal)], settings, previous: null, seed: 1 });
  assert.deepEqual([one.k, one.silhouette, one.kSelection.reason, one.groups[0].members], [1, null, "identical-points", ["a"]]);
  assert.deepEqual(one.groups[0].centroid, PROFILES.normal);
  const same = Array.from({ length: 20 }, (_, i) => node(`n${i}`, PROFILES.idle));
  for (const k of ["auto", 3] as const) {
    const result = runGrouping({ nodes: same, settings: { ...settings, k }, previous: null, seed: 1 });
    assert.deepEqual([result.k, result.silhouette, result.groups[0].size, result.groups[0].name], [1, null, 20, "normal"]);
    assert.ok(result.assignments.every((a) => !a.outlier && a.distance === 0));
  }
});

test("fewer nodes than the fixed k: fewer groups, no throw", () => {
  const nodes = [node("a", PROFILES.idle), node("b", PROFILES.cpuHot), node("c", PROFILES.netHeavy)];
  const result = runGrouping({ nodes, settings: { ...settings, k: 5 }, previous: null, seed: 1 });
  assert.equal(result.k, 2);
  assert.equal(result.kSelection.reason, "too-few-nodes");
});

test("a metric missing or NaN for some nodes and a constant metric still group correctly", () => {
  const { nodes, labels } = separatedBlobs([60, 80, 100], 3);
  const damaged = nodes.map((entry, i) => ({
    ...entry,
    // latencyMs is optional in the protocol: a third of the nodes have no probe.
    means: { ...entry.means, latencyMs: i % 3 === 0 ? undefined : entry.means.latencyMs, errorRate: i % 7 === 0 ? Number.NaN : entry.means.errorRate, disk: 0.5 },
  }));
  const result = runGrouping({ nodes: damaged, settings, previous: null, seed: 4 });
  assert.equal(result.k, 3);
  const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
  assert.ok(samePartition(labels, damaged.map((entry) => groupOf.get(entry.nodeId) ?? -1)));
  assert.equal(result.scaling.find((s) => s.metric === "disk")?.method, "constant");
  assert.deepEqual([result.assignments[0].imputed, result.assignments[0].imputedFrom], [["latencyMs", "errorRate"], "similar-nodes"]);
  // Filled in from similar nodes, so a group's latency is its own, not the fleet's middle.
  for (const group of result.groups) {
    const label = labels[damaged.findIndex((entry) => entry.nodeId === group.members[0])];
    const own = nodes.filter((_, i) => labels[i] === label && i % 3 !== 0).map((entry) => entry.means.latencyMs ?? 0);
    const ownMean = own.reduce((sum, value) => sum + value, 0) / own.length;
    assert.ok(Math.abs((group.centroid.latencyMs ?? 0) - ownMean) < 10, `latency ${group.centroid.latencyMs} vs ${ownMean}`);
  }
  assert.ok(result.groups.every((group) => group.centroid.disk === 0.5 && group.centroidScaled.disk === 0));
});

test("every node is accounted for: assigned once or excluded with a reason", () => {
  const { nodes } = syntheticFleet([{ profile: PROFILES.normal, size: 50 }, { profile: PROFILES.cpuHot, size: 30 }], 2);
  const input = [...nodes, node("fresh", PROFILES.normal, 1), node("blind", {})];
  const result = runGrouping({ nodes: input, settings, previous: null, seed: 1 });
  assert.equal(result.assignments.length + result.excluded.length, input.length);
  assert.deepEqual(result.excluded.map((e) => [e.nodeId, e.reason]), [["fresh", "too-few-samples"], ["blind", "no-metrics"]]);
  assert.equal(result.groups.reduce((sum, group) => sum + group.size, 0), result.assignments.length);
});

test("a fixed k is honoured and scored; a subset of metrics is clustered on its own", () => {
  const { nodes } = syntheticFleet([PROFILES.idle, PROFILES.normal, PROFILES.cpuHot, PROFILES.slow].map((profile) => ({ profile, size: 100 })), 6);
  const fixed = runGrouping({ nodes, settings: { ...settings, k: 4 }, previous: null, seed: 1 });
  assert.deepEqual([fixed.k, fixed.kSelection.mode, fixed.kSelection.reason], [4, "fixed", "fixed"]);
  assert.ok((fixed.silhouette ?? 0) > 0.5);
  const cpuOnly: GroupingSettings = { ...settings, k: 2, metrics: ["cpu"] };
  const result = runGrouping({ nodes, settings: cpuOnly, previous: null, seed: 1 });
  assert.deepEqual(result.metrics, ["cpu"]);
  assert.deepEqual(Object.keys(result.groups[0].centroid), ["cpu"]);
});

test("the state survives JSON and the schema, and the next run continues from it", () => {
  const { nodes } = separatedBlobs([40, 60], 8);
  const first = runGrouping({ nodes, settings, previous: null, seed: 1 });
  const stored = previousGroupingSchema.parse(JSON.parse(JSON.stringify(first.state)));
  const second = runGrouping({ nodes, settings, previous: stored, seed: 2 });
  assert.deepEqual(second.groups.map((group) => group.id), first.groups.map((group) => group.id));
  assert.ok(second.groups.every((group) => group.continues?.jaccard === 1));
  assert.deepEqual(second.changes, { moved: [], becameOutliers: [], stoppedBeingOutliers: [], newGroupIds: [], retiredGroupIds: [] });
  assert.ok(JSON.stringify(second).length > 0);
  assert.equal(second.assignments[0].pc.length, 2);
});

test("settings: defaults, bounds and consistency are validated", () => {
  assert.deepEqual(DEFAULT_GROUPING_SETTINGS, {
    k: "auto",
    metrics: ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"],
    windowSeconds: 60,
    minSamples: 5,
    intervalSeconds: 10,
    dwellSeconds: 300,
    moveMargin: 0.2,
    confirmRuns: 3,
  });
  assert.equal(groupingSettingsSchema.parse({ k: 8 }).k, 8);
  for (const bad of [{ k: 1 }, { k: 9 }, { k: 2.5 }, { metrics: [] }, { metrics: ["cpu", "cpu"] }, { metrics: ["gpu"] }, { windowSeconds: 10, minSamples: 11 }, { moveMargin: 1 }, { confirmRuns: 0 }, { dwellSeconds: -1 }]) {
    assert.equal(groupingSettingsSchema.safeParse(bad).success, false, JSON.stringify(bad));
  }
});
