import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeLoad } from "./features";
import { jittered, PROFILES, syntheticFleet, type LoadProfile } from "./fixtures/synthetic-fleet";
import type { PreviousGrouping } from "./grouping-state";
import { runGrouping } from "./run-grouping";
import { seededRandom } from "./seeded-random";
import { DEFAULT_GROUPING_SETTINGS, type GroupingSettings } from "./settings";
import { confirmOutliers, stableNames, stickyMembership, STABILITY_DEFAULTS } from "./stability";

const MINUTE = 60_000;
const T0 = 1_750_000_000_000;

/** One dimension, two clusters: centroids at 0 (id 1) and 10 (id 2). */
function oneDimension(x: number, previousId: number, joinedAt: number | undefined, now: number) {
  return stickyMembership({
    points: Float64Array.of(0, 0.5, 9.5, 10, x),
    d: 1,
    k: 2,
    assignments: Int32Array.of(0, 0, 1, 1, x < 5 ? 0 : 1),
    centroids: Float64Array.of(0, 10),
    idOf: Int32Array.of(1, 2),
    nodeIds: ["a", "b", "c", "d", "x"],
    previousGroupOf: new Map([["a", 1], ["b", 1], ["c", 2], ["d", 2], ["x", previousId]]),
    joinedAt: joinedAt === undefined ? {} : { x: joinedAt },
    now,
    moveMargin: STABILITY_DEFAULTS.moveMargin,
    dwellMs: STABILITY_DEFAULTS.dwellMs,
  });
}

test("a node just past the boundary stays in its group: it is not clearly closer to the other centroid", () => {
  const decision = oneDimension(5.3, 1, T0 - 60 * MINUTE, T0);
  assert.equal(decision.assignments[4], 0);
  assert.deepEqual(decision.held, ["x"]);
  assert.equal(decision.joinedAt.x, T0 - 60 * MINUTE, "still in the group it joined an hour ago");
});

test("a node clearly closer to the other centroid moves, once it has dwelt long enough", () => {
  const early = oneDimension(8, 1, T0 - MINUTE, T0);
  assert.equal(early.assignments[4], 0, "one minute in its group is too soon to move");
  const later = oneDimension(8, 1, T0 - STABILITY_DEFAULTS.dwellMs, T0);
  assert.equal(later.assignments[4], 1);
  assert.deepEqual(later.held, []);
  assert.equal(later.joinedAt.x, T0, "its dwell restarts in the new group");
});

test("a cluster holding would leave empty keeps its members: a new group forms at once", () => {
  const decision = stickyMembership({
    points: Float64Array.of(0, 1, 6),
    d: 1,
    k: 2,
    assignments: Int32Array.of(0, 0, 1),
    centroids: Float64Array.of(0.5, 6),
    idOf: Int32Array.of(1, 3),
    nodeIds: ["a", "b", "x"],
    previousGroupOf: new Map([["a", 1], ["b", 1], ["x", 1]]),
    joinedAt: {},
    now: T0,
    moveMargin: 0.9,
    dwellMs: STABILITY_DEFAULTS.dwellMs,
  });
  assert.deepEqual([...decision.assignments], [0, 0, 1]);
});

test("a new group takes all its members at once, also when one of them had no group before", () => {
  // x and y are twins far from group 1; y only now has enough samples to be grouped at all.
  const decision = stickyMembership({
    points: Float64Array.of(0, 1, 6, 6),
    d: 1,
    k: 2,
    assignments: Int32Array.of(0, 0, 1, 1),
    centroids: Float64Array.of(0.5, 6),
    idOf: Int32Array.of(1, 3),
    nodeIds: ["a", "b", "x", "y"],
    previousGroupOf: new Map([["a", 1], ["b", 1], ["x", 1]]),
    joinedAt: { x: T0 - MINUTE },
    now: T0,
    moveMargin: STABILITY_DEFAULTS.moveMargin,
    dwellMs: STABILITY_DEFAULTS.dwellMs,
  });
  assert.deepEqual([...decision.assignments], [0, 0, 1, 1], "x is not held back in group 1 while its twin y forms group 3");
  assert.deepEqual(decision.held, []);
});

test("a group keeps its name until another name holds for several consecutive runs", () => {
  let previous: { name: string; pending?: { name: string; runs: number } | null } = { name: "busy" };
  const names: string[] = [];
  for (const candidate of ["normal", "busy", "normal", "normal", "normal", "normal"] as const) {
    const [decision] = stableNames([{ baseName: candidate, name: candidate, previous }], STABILITY_DEFAULTS.confirmRuns);
    names.push(decision.name);
    previous = { name: decision.name, pending: decision.pending };
  }
  assert.deepEqual(names, ["busy", "busy", "busy", "busy", "normal", "normal"]);
});

test("names stay unique: a kept name wins, the new group takes the next suffix", () => {
  const decided = stableNames(
    [
      { baseName: "normal", name: "normal", previous: null },
      { baseName: "cpu-hot", name: "cpu-hot", previous: { name: "normal" } },
    ],
    3,
  );
  assert.deepEqual(decided.map((d) => d.name), ["normal-2", "normal"]);
});

test("a new outlier needs consecutive runs beyond the threshold; a hovering node is never flagged", () => {
  const run = (beyond: boolean, distance: number, previousOutliers: Set<string>, previousStreaks: Record<string, number>) =>
    confirmOutliers({
      nodeIds: ["x"],
      beyond: Uint8Array.of(beyond ? 1 : 0),
      distances: Float64Array.of(distance),
      thresholds: Float64Array.of(2),
      previousOutliers,
      previousStreaks,
      confirmRuns: 3,
      enterMargin: 0.5,
    });
  let streaks: Record<string, number> = {};
  let outliers = new Set<string>();
  const hovering: boolean[] = [];
  for (const beyond of [true, false, true, true, false, true]) {
    const result = run(beyond, beyond ? 2.2 : 1.9, outliers, streaks);
    hovering.push(result.outlier[0] === 1);
    streaks = result.streaks;
    outliers = result.outlier[0] ? new Set(["x"]) : new Set();
  }
  assert.deepEqual(hovering, [false, false, false, false, false, false]);
  streaks = {};
  const steady = [1, 2, 3].map(() => {
    const result = run(true, 2.2, new Set(), streaks);
    streaks = result.streaks;
    return result.outlier[0] === 1;
  });
  assert.deepEqual(steady, [false, false, true]);
  assert.equal(run(true, 3.5, new Set(), {}).outlier[0], 1, "far beyond the threshold: flagged at once");
  assert.equal(run(true, 1.7, new Set(["x"]), {}).outlier[0], 1, "a flagged node the scan still holds (release threshold) stays flagged");
  assert.equal(run(false, 1.5, new Set(["x"]), {}).outlier[0], 0);
});

/** Two blobs (normal, cpu-hot) and node "edge" whose load wobbles across the midpoint between them each run. */
function boundaryRuns(settings: GroupingSettings, runs: number): { groups: number[]; names: string[][]; outlierFlips: number } {
  const { nodes } = syntheticFleet([{ profile: PROFILES.normal, size: 20 }, { profile: PROFILES.cpuHot, size: 20 }], 7);
  const middle = {} as LoadProfile;
  for (const metric of Object.keys(PROFILES.normal) as (keyof LoadProfile)[]) middle[metric] = (PROFILES.normal[metric] + PROFILES.cpuHot[metric]) / 2;
  const random = seededRandom(11);
  let previous: PreviousGrouping | null = null;
  const groups: number[] = [];
  const names: string[][] = [];
  let outlierFlips = 0;
  let wasOutlier = false;
  for (let run = 0; run < runs; run++) {
    const lean = run % 2 === 0 ? 0.12 : -0.12;
    const edge = {} as LoadProfile;
    for (const metric of Object.keys(middle) as (keyof LoadProfile)[]) edge[metric] = middle[metric] + lean * (PROFILES.cpuHot[metric] - PROFILES.normal[metric]);
    const fleet: NodeLoad[] = [...nodes.map((node) => ({ ...node, means: jittered(node.means as LoadProfile, 0.02, random) })), { nodeId: "edge", means: edge, samples: 60 }];
    const result = runGrouping({ nodes: fleet, settings, previous, seed: 1, now: T0 + run * 10_000 });
    const edgeAssignment = result.assignments.find((a) => a.nodeId === "edge");
    assert.ok(edgeAssignment);
    groups.push(edgeAssignment.groupId);
    names.push(result.groups.map((g) => g.name).sort());
    if (edgeAssignment.outlier !== wasOutlier) outlierFlips++;
    wasOutlier = edgeAssignment.outlier;
    previous = JSON.parse(JSON.stringify(result.state)) as PreviousGrouping;
  }
  return { groups, names, outlierFlips };
}

const changes = (values: readonly unknown[]) => values.slice(1).filter((value, i) => JSON.stringify(value) !== JSON.stringify(values[i])).length;

test("without hysteresis the boundary node flips group every run (the problem)", () => {
  const loose = { ...DEFAULT_GROUPING_SETTINGS, moveMargin: 0, dwellSeconds: 0, confirmRuns: 1 };
  const { groups } = boundaryRuns(loose, 10);
  assert.ok(changes(groups) >= 5, `flips: ${groups.join(" ")}`);
});

test("with the default hysteresis the boundary node stays in one group, and names and outliers do not churn", () => {
  const { groups, names, outlierFlips } = boundaryRuns(DEFAULT_GROUPING_SETTINGS, 10);
  assert.equal(changes(groups), 0, `groups: ${groups.join(" ")}`);
  assert.equal(changes(names), 0, `names: ${JSON.stringify(names)}`);
  assert.ok(outlierFlips <= 1, `outlier flag changed ${outlierFlips} times`);
});
