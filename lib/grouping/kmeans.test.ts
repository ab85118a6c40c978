import assert from "node:assert/strict";
import { test } from "node:test";
import { buildFeatures } from "./features";
import { PROFILES, samePartition, syntheticFleet } from "./fixtures/synthetic-fleet";
import { kmeans } from "./kmeans";
import { seededRandom } from "./seeded-random";

const blobs = [PROFILES.idle, PROFILES.normal, PROFILES.cpuHot, PROFILES.netHeavy].map((profile, i) => ({ profile, size: 150 + 40 * i }));

test("well-separated blobs are recovered exactly (up to label permutation)", () => {
  const { nodes, labels } = syntheticFleet(blobs, 11);
  const features = buildFeatures(nodes);
  const result = kmeans(features.scaled, 8, 4, { random: seededRandom(3), restarts: 3 });
  assert.equal(result.k, 4);
  assert.ok(result.converged);
  assert.ok(samePartition(labels, result.assignments), "assignments match the generating blobs");
});

test("the same points and seed give the same result; the seed matters", () => {
  const { nodes } = syntheticFleet(blobs, 12);
  const { scaled } = buildFeatures(nodes);
  const first = kmeans(scaled, 8, 5, { random: seededRandom(42) });
  const second = kmeans(scaled, 8, 5, { random: seededRandom(42) });
  assert.deepEqual(second.assignments, first.assignments);
  assert.deepEqual(second.centroids, first.centroids);
  assert.equal(second.inertia, first.inertia);
  const seeds = [1, 2, 3, 4, 5].map((seed) => Array.from(kmeans(scaled, 8, 5, { random: seededRandom(seed) }).centroids.slice(0, 8)).join());
  assert.ok(new Set(seeds).size > 1, "different seeds start from different points");
});

test("an empty cluster is re-seeded with the point farthest from its centroid", () => {
  const points = Float64Array.from([0, 0.1, 0.2, 10, 10.1, 20, 20.1]);
  // The third centroid is nearest to nothing, so it is empty after the first assignment.
  const result = kmeans(points, 1, 3, { random: seededRandom(1), initialCentroids: Float64Array.from([0, 10, 1000]) });
  assert.equal(result.k, 3);
  const sizes = [0, 1, 2].map((c) => result.assignments.filter((a) => a === c).length);
  assert.ok(sizes.every((size) => size > 0), `sizes ${sizes}`);
  assert.ok(samePartition([0, 0, 0, 1, 1, 2, 2], result.assignments));
});

test("fewer distinct points than k gives fewer clusters, not a crash", () => {
  const points = Float64Array.from([1, 1, 1, 1, 5, 5, 5, 5, 1, 1]);
  const seeded = kmeans(points, 2, 4, { random: seededRandom(1) });
  assert.equal(seeded.k, 2);
  assert.equal(seeded.inertia, 0);
  const warm = kmeans(points, 2, 4, { random: seededRandom(1), initialCentroids: Float64Array.from([1, 1, 1, 1, 5, 5, 9, 9]) });
  assert.equal(warm.k, 2);
  assert.ok(samePartition([0, 0, 1, 1, 0], warm.assignments));
});

test("a warm start from converged centroids converges at once to the same clustering", () => {
  const { nodes } = syntheticFleet(blobs, 13);
  const { scaled } = buildFeatures(nodes);
  const cold = kmeans(scaled, 8, 4, { random: seededRandom(9), restarts: 3 });
  const warm = kmeans(scaled, 8, 4, { random: seededRandom(9), initialCentroids: cold.centroids });
  assert.equal(warm.iterations, 1);
  assert.deepEqual(warm.assignments, cold.assignments);
});

test("max iterations bounds the work and still returns consistent assignments", () => {
  const { nodes } = syntheticFleet(blobs, 14);
  const { scaled } = buildFeatures(nodes);
  const result = kmeans(scaled, 8, 6, { random: seededRandom(2), maxIterations: 1 });
  assert.equal(result.iterations, 1);
  assert.equal(result.assignments.length, nodes.length);
  assert.ok(Number.isFinite(result.inertia));
});

test("no points or k = 0 returns an empty result", () => {
  assert.equal(kmeans(new Float64Array(0), 8, 3, { random: seededRandom(1) }).k, 0);
  assert.equal(kmeans(Float64Array.from([1, 2]), 2, 0, { random: seededRandom(1) }).k, 0);
});
