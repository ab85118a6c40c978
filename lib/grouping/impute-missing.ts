import { scaleValue, type FeatureMatrix } from "./features";
import { kmeans } from "./kmeans";
import { medianOf } from "./robust-statistics";
import { sampleIndices, type Random } from "./seeded-random";

/**
 * Refines the fleet-median imputation with the median of similar nodes. Imputing the fleet
 * median drags a node with a missing metric to the middle of the fleet on that axis, so nodes
 * without e.g. a latency probe (latencyMs is optional) form a group of their own inside every
 * real group (measured: 3 blobs with a third of latencies missing came out as k = 6).
 * Instead, complete nodes are over-clustered (k = 8, a fine partition is what we want here),
 * and each incomplete node takes the missing values (their median) from the most probable of
 * those clusters, judged on the metrics it does report. Without enough complete nodes the fleet median stays.
 */
const MIN_COMPLETE_SHARE = 0.1;
const MIN_COMPLETE_ROWS = 20;
const MAX_CLUSTERS = 8;
const MIN_ROWS_PER_CLUSTER = 5;
const SAMPLE_SIZE = 2000;

export function imputeFromSimilarNodes(features: FeatureMatrix, random: Random): FeatureMatrix {
  const d = features.metrics.length;
  const n = features.nodeIds.length;
  if (features.imputed.length === 0) return features;
  const complete: number[] = [];
  for (let i = 0; i < n; i++) if (!rowHasMissing(features.missing, i, d)) complete.push(i);
  if (complete.length < Math.max(MIN_COMPLETE_ROWS, MIN_COMPLETE_SHARE * n)) return features;

  const picked = sampleIndices(complete.length, SAMPLE_SIZE, random);
  const rows = Array.from(picked, (index) => complete[index]);
  const points = new Float64Array(rows.length * d);
  rows.forEach((row, r) => points.set(features.scaled.subarray(row * d, row * d + d), r * d));
  const k = Math.min(MAX_CLUSTERS, Math.floor(rows.length / MIN_ROWS_PER_CLUSTER));
  const fit = kmeans(points, d, k, { random });
  const clusterMedians = realMediansPerCluster(features, rows, fit.assignments, fit.k);
  const sizes = new Int32Array(fit.k);
  for (let r = 0; r < rows.length; r++) sizes[fit.assignments[r]]++;
  const variance = Math.max(fit.inertia / (rows.length * d), 1e-6);

  const scaled = features.scaled.slice();
  const real = features.real.slice();
  for (let i = 0; i < n; i++) {
    if (!rowHasMissing(features.missing, i, d)) continue;
    const c = likeliestOnObserved(features, i, fit.centroids, sizes, variance);
    for (let j = 0; j < d; j++) {
      if (!features.missing[i * d + j]) continue;
      real[i * d + j] = clusterMedians[c * d + j];
      scaled[i * d + j] = scaleValue(real[i * d + j], features.scaling[j]);
    }
  }
  const imputed = features.imputed.map((entry) => ({ ...entry, method: "similar-nodes" as const }));
  return { ...features, scaled, real, imputed };
}

function rowHasMissing(missing: Uint8Array, row: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (missing[row * d + j]) return true;
  return false;
}

/**
 * The most probable cluster given the observed metrics only, for a mixture of spherical Gaussians
 * with the fit's per-dimension variance: distance alone would toss a coin when the missing metric
 * is the only one telling two clusters apart (normal vs slow without a latency probe); the
 * size prior sends such a node to the more common one.
 */
function likeliestOnObserved(features: FeatureMatrix, row: number, centroids: Float64Array, sizes: Int32Array, variance: number): number {
  const d = features.metrics.length;
  let best = 0;
  let bestScore = Infinity;
  for (let c = 0; c < sizes.length; c++) {
    if (sizes[c] === 0) continue;
    let distance = 0;
    for (let j = 0; j < d; j++) {
      if (features.missing[row * d + j]) continue;
      distance += (features.scaled[row * d + j] - centroids[c * d + j]) ** 2;
    }
    const score = distance / (2 * variance) - Math.log(sizes[c]);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

function realMediansPerCluster(features: FeatureMatrix, rows: number[], assignments: Int32Array, k: number): Float64Array {
  const d = features.metrics.length;
  const medians = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const members = rows.filter((_, r) => assignments[r] === c);
    for (let j = 0; j < d; j++) medians[c * d + j] = medianOf(members.map((row) => features.real[row * d + j]));
  }
  return medians;
}
