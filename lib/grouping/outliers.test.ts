import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeLoad } from "./features";
import { PROFILES, syntheticFleet } from "./fixtures/synthetic-fleet";
import { findOutliers } from "./outliers";
import { runGrouping } from "./run-grouping";
import { DEFAULT_GROUPING_SETTINGS } from "./settings";

const tightFleet = () =>
  syntheticFleet(
    [
      { profile: PROFILES.normal, size: 200, jitter: 0.01 },
      { profile: PROFILES.idle, size: 200, jitter: 0.01 },
    ],
    17,
  ).nodes;

test("a node far out on netIn in a tight group is an outlier, with netIn as the reason", () => {
  const nodes = tightFleet();
  const odd: NodeLoad = { nodeId: "odd", samples: 60, means: { ...PROFILES.normal, netIn: 9e7 } };
  const result = runGrouping({ nodes: [...nodes, odd], settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 1 });
  assert.equal(result.k, 2);
  const flagged = result.assignments.filter((a) => a.outlier);
  assert.deepEqual(flagged.map((a) => a.nodeId), ["odd"]);
  const [reason] = flagged[0].outlierMetrics;
  assert.equal(reason.metric, "netIn");
  assert.equal(flagged[0].outlierMetrics.length, 1);
  assert.equal(reason.value, 9e7);
  assert.ok(Math.abs(reason.centroid - 2e7) < 1e6, `centroid netIn ${reason.centroid}`);
  assert.deepEqual(result.changes.becameOutliers, ["odd"]);
  // Next run without the anomaly: it stops being one.
  const next = runGrouping({ nodes: [...nodes, { ...odd, means: PROFILES.normal }], settings: DEFAULT_GROUPING_SETTINGS, previous: result.state, seed: 2 });
  assert.deepEqual(next.changes.stoppedBeingOutliers, ["odd"]);
  assert.deepEqual(next.state.outliers, []);
});

test("a tight group without such a node flags nothing", () => {
  const result = runGrouping({ nodes: tightFleet(), settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 1 });
  assert.equal(result.k, 2);
  assert.deepEqual(result.assignments.filter((a) => a.outlier), []);
});

test("the absolute floor keeps a very tight group from flagging relative noise", () => {
  // 1-D group at 0 with tiny spread and one point 0.5 away: 50× the typical distance but under the floor.
  const points = Float64Array.from([0, 0.001, -0.001, 0.002, -0.002, 0.0015, 0.5]);
  const scan = findOutliers(points, 1, new Int32Array(7), Float64Array.from([0]), 1);
  assert.deepEqual([...scan.outlier], [0, 0, 0, 0, 0, 0, 0]);
  const loose = findOutliers(points, 1, new Int32Array(7), Float64Array.from([0]), 1, { minDistance: 0.1 });
  assert.deepEqual([...loose.outlier], [0, 0, 0, 0, 0, 0, 1]);
});

test("a previous outlier hovering just under the threshold stays flagged (hysteresis), a new one does not", () => {
  const d = 1;
  // A tight group around 0 and one point at distance 1.9 with a threshold floor of 2.
  const values = [0, 0.05, -0.05, 0.02, -0.02, 0.03, 1.9];
  const points = Float64Array.from(values);
  const assignments = new Int32Array(values.length);
  const centroids = Float64Array.from([0]);
  const fresh = findOutliers(points, d, assignments, centroids, 1);
  assert.equal(fresh.outlier[6], 0);
  const previouslyOutlier = new Uint8Array(values.length);
  previouslyOutlier[6] = 1;
  const sticky = findOutliers(points, d, assignments, centroids, 1, { previouslyOutlier });
  assert.equal(sticky.outlier[6], 1);
});

test("a far node lumped into a small, loose group is still flagged: it is judged against the others alone", () => {
  const d = 3;
  // 20 tight nodes at the origin; a loose group of two busy and two hot nodes along x; one node
  // far out on y and z that k-means (which never leaves a group of one) puts with those four.
  const tight = Array.from({ length: 20 }, (_, i) => [0.01 * (i % 5), -0.01 * (i % 3), 0]);
  const loose = [[2, 0, 0], [2.4, 0.3, 0], [5, 0.2, 0], [5.4, 0, 0.3]];
  const far = [3.7, 3, 3];
  const rows = [...tight, ...loose, far];
  const points = Float64Array.from(rows.flat());
  const assignments = Int32Array.from(rows.map((_, i) => (i < tight.length ? 0 : 1)));
  const centroids = new Float64Array(2 * d);
  for (let g = 0; g < 2; g++) {
    const members = rows.filter((_, i) => assignments[i] === g);
    for (let j = 0; j < d; j++) centroids[g * d + j] = members.reduce((sum, row) => sum + row[j], 0) / members.length;
  }
  const scan = findOutliers(points, d, assignments, centroids, 2);
  const farIndex = rows.length - 1;
  // Against its own group's centroid and spread it hides under the threshold…
  assert.ok(scan.distances[farIndex] < scan.groups[1].threshold, `distance ${scan.distances[farIndex]} threshold ${scan.groups[1].threshold}`);
  // …but not against the four others.
  assert.deepEqual([...scan.outlier].flatMap((flag, i) => (flag ? [i] : [])), [farIndex]);
});
