import assert from "node:assert/strict";
import { test } from "node:test";
import { chooseK } from "./auto-k";
import { buildFeatures } from "./features";
import { PROFILES, samePartition, separatedBlobs, syntheticFleet } from "./fixtures/synthetic-fleet";
import { runGrouping } from "./run-grouping";
import { seededRandom } from "./seeded-random";
import { DEFAULT_GROUPING_SETTINGS } from "./settings";


for (let trueK = 2; trueK <= 6; trueK++) {
  test(`auto-k finds k = ${trueK} and recovers the blobs exactly`, () => {
    for (const seed of [1, 2, 3]) {
      // Unequal sizes on purpose: silhouette must not only find equal-sized groups.
      const sizes = Array.from({ length: trueK }, (_, i) => 80 + 60 * ((i + seed) % 3));
      const { nodes, labels } = separatedBlobs(sizes, 100 * trueK + seed);
      const result = runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed });
      assert.equal(result.k, trueK, `seed ${seed}: candidates ${JSON.stringify(result.kSelection.candidates)}`);
      assert.equal(result.kSelection.reason, "best-silhouette");
      assert.ok((result.silhouette ?? 0) > 0.5);
      const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
      assert.ok(samePartition(labels, nodes.map((node) => groupOf.get(node.nodeId) ?? -1)), `seed ${seed}: partition differs`);
    }
  });
}

test("the same input and seed give the same result", () => {
  const { nodes } = syntheticFleet([PROFILES.idle, PROFILES.normal, PROFILES.cpuHot, PROFILES.slow].map((profile) => ({ profile, size: 300, jitter: 0.3 })), 5);
  const first = runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 77 });
  const second = runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 77 });
  assert.deepEqual(second, first);
});

test("k is chosen on a sample at 10,000 nodes and still finds the structure", () => {
  const { nodes, labels } = separatedBlobs([1000, 1500, 2000, 2500, 3000], 9);
  const result = runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 1 });
  assert.equal(result.k, 5);
  const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
  assert.ok(samePartition(labels, nodes.map((node) => groupOf.get(node.nodeId) ?? -1)));
});

test("a homogeneous fleet is one group: splitting noise in two is not structure", () => {
  const { nodes } = syntheticFleet([{ profile: PROFILES.normal, size: 600, jitter: 0.3 }], 3);
  const features = buildFeatures(nodes);
  const selection = chooseK(features.scaled, 8, { random: seededRandom(1) });
  assert.equal(selection.k, 1);
  assert.equal(selection.reason, "no-structure");
  assert.equal(selection.silhouette, null);
  assert.ok(selection.candidates.length === 7 && selection.candidates.every((c) => (c.silhouette ?? 0) < 0.25), JSON.stringify(selection.candidates));
});

test("degenerate inputs give a clear selection without throwing", () => {
  const random = seededRandom(1);
  assert.deepEqual(chooseK(new Float64Array(0), 3, { random }), { k: 0, silhouette: null, reason: "no-nodes", candidates: [], centroids: null });
  assert.equal(chooseK(Float64Array.from([1, 2, 3]), 3, { random }).reason, "identical-points");
  assert.equal(chooseK(Float64Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3]), 3, { random }).reason, "identical-points");
  const two = chooseK(Float64Array.from([0, 0, 5, 5]), 2, { random });
  assert.deepEqual([two.k, two.reason, two.silhouette], [1, "too-few-nodes", null]);
  // n = 3: k = 2 would make a group of one, which is an outlier, not a group.
  const three = chooseK(Float64Array.from([0, 0.1, 9]), 1, { random });
  assert.deepEqual([three.k, three.reason], [1, "no-structure"]);
  const seven = chooseK(Float64Array.from([0, 0.1, 0.2, 9, 9.1, 9.2, 9.3]), 1, { random });
  assert.deepEqual([seven.k, seven.reason], [2, "best-silhouette"]);
});
