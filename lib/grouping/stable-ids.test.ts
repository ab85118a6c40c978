import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeLoad } from "./features";
import { METRIC_RANGE, gaussian, separatedBlobs } from "./fixtures/synthetic-fleet";
import type { PreviousGrouping } from "./grouping-state";
import { solveAssignment } from "./hungarian";
import { runGrouping } from "./run-grouping";
import { seededRandom } from "./seeded-random";
import { DEFAULT_GROUPING_SETTINGS } from "./settings";
import { matchGroups } from "./stable-ids";
import { METRIC_NAMES } from "../protocol/views";

const run = (nodes: NodeLoad[], previous: PreviousGrouping | null, seed: number) => runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous, seed });

/** Group id of each label, asserting that every label's nodes share one group. */
function idsByLabel(result: ReturnType<typeof run>, nodes: NodeLoad[], labels: number[]): number[] {
  const groupOf = new Map(result.assignments.map((a) => [a.nodeId, a.groupId]));
  const ids: number[] = [];
  nodes.forEach((node, i) => {
    const id = groupOf.get(node.nodeId) ?? -1;
    assert.ok(ids[labels[i]] === undefined || ids[labels[i]] === id, `label ${labels[i]} is split across groups`);
    ids[labels[i]] = id;
  });
  return ids;
}

test("the Hungarian algorithm finds the minimum-cost assignment (checked by brute force)", () => {
  const random = seededRandom(5);
  for (let trial = 0; trial < 60; trial++) {
    const n = 1 + (trial % 6);
    const cost = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(random() * 20) / 4));
    const columns = solveAssignment(cost);
    assert.deepEqual([...columns].sort(), Array.from({ length: n }, (_, i) => i));
    const total = columns.reduce((sum, column, row) => sum + cost[row][column], 0);
    assert.equal(total, bruteForceMinimum(cost));
  }
});

test("slow drift over 50 runs never permutes ids and never mints new ones", () => {
  const { nodes: start, labels } = separatedBlobs([150, 200, 250, 120], 21);
  const random = seededRandom(8);
  const direction = labels.map((label) => (label % 2 === 0 ? 1 : -1));
  let previous: PreviousGrouping | null = null;
  let firstIds: number[] = [];
  for (let runIndex = 0; runIndex < 50; runIndex++) {
    // Each run: blob centres drift 0.2% of the range, and every node gets fresh jitter.
    const nodes = start.map((node, i) => ({ ...node, means: drifted(node.means, direction[i] * 0.002 * runIndex, random) }));
    const result = run(nodes, previous, 1000 + runIndex);
    const ids = idsByLabel(result, nodes, labels);
    if (runIndex === 0) {
      firstIds = ids;
      assert.deepEqual(result.state.nextId, 5);
    } else {
      assert.deepEqual(ids, firstIds, `run ${runIndex}`);
      assert.deepEqual(result.changes.newGroupIds, []);
      assert.deepEqual(result.changes.moved, []);
      assert.equal(result.state.nextId, 5);
    }
    previous = result.state;
  }
});

test("a split keeps the old id for the larger part and gives a new id only to the new part", () => {
  const { nodes: fleet, labels } = separatedBlobs([180, 200, 120], 31);
  // Before: the 120 nodes of blob 2 still behaved like blob 0 (one group of 300).
  const before = fleet.map((node, i) => (labels[i] === 2 ? { ...node, means: fleet[i % 180].means } : node));
  const first = run(before, null, 1);
  assert.equal(first.k, 2);
  const [a, b] = idsByLabel(first, before, labels.map((label) => (label === 2 ? 0 : label)));
  const second = run(fleet, first.state, 2);
  assert.equal(second.k, 3);
  const [a2, b2, c2] = idsByLabel(second, fleet, labels);
  assert.deepEqual([a2, b2], [a, b]);
  assert.equal(c2, first.state.nextId);
  assert.equal(second.state.nextId, first.state.nextId + 1);
  assert.deepEqual(second.changes.newGroupIds, [c2]);
  assert.equal(second.changes.moved.length, 120);
  assert.ok(second.changes.moved.every((move) => move.from === a && move.to === c2));
});

test("a merge keeps one id (the larger part's) and retires the other, minting nothing", () => {
  const { nodes: fleet, labels } = separatedBlobs([250, 150, 200], 41);
  const first = run(fleet, null, 1);
  const [a, b, c] = idsByLabel(first, fleet, labels);
  // After: blob 1 now behaves like blob 0.
  const after = fleet.map((node, i) => (labels[i] === 1 ? { ...node, means: fleet[i % 250].means } : node));
  const second = run(after, first.state, 2);
  assert.equal(second.k, 2);
  const [a2, b2, c2] = idsByLabel(second, after, labels);
  assert.deepEqual([a2, b2, c2], [a, a, c]);
  assert.deepEqual(second.changes.retiredGroupIds, [b]);
  assert.deepEqual(second.changes.newGroupIds, []);
  assert.equal(second.state.nextId, first.state.nextId);
});

test("a fleet whose nodes were all replaced keeps its ids through the centroid term", () => {
  const { nodes, labels } = separatedBlobs([100, 150, 200], 51);
  const first = run(nodes, null, 1);
  const renamed = nodes.map((node) => ({ ...node, nodeId: `new-${node.nodeId}` }));
  const second = run(renamed, first.state, 2);
  assert.deepEqual(idsByLabel(second, renamed, labels), idsByLabel(first, nodes, labels));
});

test("matching follows membership, not the order clusters come in", () => {
  const centroid = (x: number) => Float64Array.from([x, 0]);
  const previous = [
    { id: 7, centroidScaled: centroid(0), members: ["a", "b", "c"] },
    { id: 9, centroidScaled: centroid(4), members: ["d", "e"] },
  ];
  const result = matchGroups(
    [
      { centroidScaled: centroid(4.2), members: ["d", "e", "f"] },
      { centroidScaled: centroid(0.1), members: ["a", "b", "c"] },
      { centroidScaled: centroid(-4), members: ["x", "y"] },
    ],
    previous,
    10,
  );
  assert.deepEqual(result.matches.map((match) => match.id), [9, 7, 10]);
  assert.equal(result.nextId, 11);
  assert.deepEqual(result.retiredIds, []);
});

function drifted(means: NodeLoad["means"], shift: number, random: () => number): NodeLoad["means"] {
  const next: NodeLoad["means"] = {};
  for (const metric of METRIC_NAMES) {
    const [low, high] = METRIC_RANGE[metric];
    next[metric] = (means[metric] ?? 0) + (shift + gaussian(random) * 0.005) * (high - low);
  }
  return next;
}

function bruteForceMinimum(cost: number[][]): number {
  const n = cost.length;
  let best = Infinity;
  const permute = (row: number, used: boolean[], sum: number): void => {
    if (row === n) {
      best = Math.min(best, sum);
      return;
    }
    for (let column = 0; column < n; column++) {
      if (used[column]) continue;
      used[column] = true;
      permute(row + 1, used, sum + cost[row][column]);
      used[column] = false;
    }
  };
  permute(0, new Array<boolean>(n).fill(false), 0);
  return best;
}
