import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES, syntheticFleet } from "./fixtures/synthetic-fleet";
import { baseNameOf, nameAndRank } from "./naming";
import { runGrouping } from "./run-grouping";
import { DEFAULT_GROUPING_SETTINGS } from "./settings";

test("a high-cpu blob is cpu-hot, an all-low blob is idle, and the hot one ranks first", () => {
  const { nodes, labels } = syntheticFleet(
    [
      { profile: PROFILES.idle, size: 150 },
      { profile: PROFILES.normal, size: 400 },
      { profile: PROFILES.cpuHot, size: 120 },
    ],
    3,
  );
  const result = runGrouping({ nodes, settings: { ...DEFAULT_GROUPING_SETTINGS, k: 3 }, previous: null, seed: 1 });
  const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
  const nameOfLabel = (label: number) => result.groups.find((group) => group.id === groupOf.get(nodes[labels.indexOf(label)].nodeId))?.name;
  assert.deepEqual([nameOfLabel(0), nameOfLabel(1), nameOfLabel(2)], ["idle", "normal", "cpu-hot"]);
  assert.deepEqual(result.groups.map((group) => [group.rank, group.name]), [[0, "cpu-hot"], [1, "normal"], [2, "idle"]]);
  const hot = result.groups[0];
  assert.ok(Math.abs((hot.centroid.cpu ?? 0) - 0.95) < 0.02, `centroid in real units: cpu ${hot.centroid.cpu}`);
});

test("profiles map to names by their strongest raised family", () => {
  assert.equal(baseNameOf({ cpu: 3, load1: 2, mem: 0.1 }), "cpu-hot");
  assert.equal(baseNameOf({ mem: 2 }), "mem-heavy");
  assert.equal(baseNameOf({ netIn: 0.2, netOut: 4, cpu: 1 }), "net-heavy");
  assert.equal(baseNameOf({ disk: 5 }), "disk-full");
  assert.equal(baseNameOf({ latencyMs: 3 }), "slow");
  assert.equal(baseNameOf({ errorRate: 5, cpu: 0.1 }), "erroring");
  assert.equal(baseNameOf({ cpu: 2, mem: 2, netIn: 2 }), "busy");
  assert.equal(baseNameOf({ cpu: -2, load1: -1, netIn: -0.4, netOut: -0.3, mem: 0.3 }), "idle");
  assert.equal(baseNameOf({ cpu: -2, load1: 0.1, netIn: -0.4, netOut: -0.3 }), "normal");
  assert.equal(baseNameOf({ cpu: 0.2, mem: -0.1 }), "normal");
});

test("names are unique within a run, the hotter group keeps the bare name", () => {
  const named = nameAndRank([
    { centroidScaled: { cpu: 1.5 }, size: 10 },
    { centroidScaled: { cpu: 3 }, size: 10 },
    { centroidScaled: { cpu: -1 }, size: 10 },
  ]);
  assert.deepEqual(named.map((group) => [group.name, group.rank]), [["cpu-hot-2", 1], ["cpu-hot", 0], ["idle", 2]]);
});
