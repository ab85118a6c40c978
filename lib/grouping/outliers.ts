import { medianAbsoluteDeviation, medianOf } from "./robust-statistics";

/**
 * Load outliers: a node is one when its distance to its group's centroid is far beyond the
 * group's own typical distance (median + 3 robust standard deviations of the members' distances)
 * AND beyond an absolute floor, so that a very tight group does not flag ordinary jitter.
 */
export type OutlierOptions = {
  /** How many robust standard deviations (1.4826 × MAD) above the median distance. */
  madMultiplier?: number;
  /** Absolute floor on the threshold, in scaled units (fleet IQRs). */
  minDistance?: number;
  /** Groups smaller than this have no meaningful "typical" distance and flag nothing. */
  minGroupSize?: number;
  /** 1 for points that were outliers in the previous run. */
  previouslyOutlier?: Uint8Array;
  /** A previous outlier stays one until its distance falls below this share of the threshold. */
  releaseRatio?: number;
};

export type GroupSpread = { typicalDistance: number; threshold: number };

export type OutlierScan = {
  /** Euclidean distance (scaled space) of every point to its centroid. */
  distances: Float64Array;
  outlier: Uint8Array;
  groups: GroupSpread[];
};

export type MetricContribution = { metricIndex: number; deviation: number; share: number };

// Why 4 robust sigmas and not 3: distances to a centroid are chi-distributed with a narrow spread,
// so for a Gaussian group in 8 isotropic dimensions median + 3 robust sd flags ~0.35% of perfectly
// ordinary nodes (35 per 10,000) and + 4 about 0.02%. When the jitter sits in one or two metrics
// (fewer effective dimensions) + 4 still flags ~0.2% of the synthetic fleets in the tests.
export const OUTLIER_DEFAULTS = { madMultiplier: 4, minDistance: 2, minGroupSize: 3, releaseRatio: 0.8 } as const;
/**
 * In a group this small one far node drags the centroid and widens the spread it is measured
 * against (auto-k never leaves it a group of its own), so there it is also judged against the
 * others alone: distance to their centroid, threshold from their distances to it. In larger
 * groups one member's pull is negligible and the scan stays O(n·d).
 */
const LEAVE_ONE_OUT_MAX_GROUP = 24;
const MAD_TO_SIGMA = 1.4826;
/** Report the fewest metrics that explain this share of the squared distance. */
const EXPLAINED_SHARE = 0.75;
const MAX_REASONS = 3;

export function findOutliers(points: Float64Array, d: number, assignments: Int32Array, centroids: Float64Array, k: number, options: OutlierOptions = {}): OutlierScan {
  const { madMultiplier, minDistance, minGroupSize, releaseRatio } = { ...OUTLIER_DEFAULTS, ...options };
  const sticky = options.previouslyOutlier;
  const n = assignments.length;
  const distances = new Float64Array(n);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    const c = assignments[i];
    let sum = 0;
    for (let j = 0; j < d; j++) sum += (points[i * d + j] - centroids[c * d + j]) ** 2;
    distances[i] = Math.sqrt(sum);
    members[c].push(i);
  }
  const outlier = new Uint8Array(n);
  const groups = members.map((indices): GroupSpread => {
    const own = Float64Array.from(indices, (i) => distances[i]);
    const typicalDistance = own.length ? medianOf(own) : 0;
    if (indices.length < minGroupSize) return { typicalDistance, threshold: Infinity };
    const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(own, typicalDistance);
    const threshold = Math.max(typicalDistance + madMultiplier * spread, minDistance);
    // Hysteresis: a node hovering around the threshold would otherwise flip every run.
    const beyond = (distance: number, limit: number, i: number) => distance > (sticky?.[i] ? limit * releaseRatio : limit);
    for (const i of indices) if (beyond(distances[i], threshold, i)) outlier[i] = 1;
    if (indices.length > minGroupSize && indices.length <= LEAVE_ONE_OUT_MAX_GROUP) {
      for (const i of indices) {
        if (outlier[i]) continue;
        const judged = againstTheOthers(points, d, indices, i, madMultiplier, minDistance);
        if (beyond(judged.distance, judged.threshold, i)) outlier[i] = 1;
      }
    }
    return { typicalDistance, threshold };
  });
  return { distances, outlier, groups };
}

/** Point `i` measured against the other members only: their centroid, their spread. */
function againstTheOthers(points: Float64Array, d: number, indices: readonly number[], i: number, madMultiplier: number, minDistance: number): { distance: number; threshold: number } {
  const others = indices.filter((index) => index !== i);
  const centroid = new Float64Array(d);
  for (const index of others) for (let j = 0; j < d; j++) centroid[j] += points[index * d + j] / others.length;
  const distanceTo = (index: number) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += (points[index * d + j] - centroid[j]) ** 2;
    return Math.sqrt(sum);
  };
  const own = Float64Array.from(others, distanceTo);
  const typical = medianOf(own);
  const threshold = Math.max(typical + madMultiplier * MAD_TO_SIGMA * medianAbsoluteDeviation(own, typical), minDistance);
  return { distance: distanceTo(i), threshold };
}

/** The metrics that make a point far from its centroid, largest squared deviation first. */
export function largestContributions(points: Float64Array, d: number, row: number, centroids: Float64Array, cluster: number): MetricContribution[] {
  const contributions: MetricContribution[] = [];
  let total = 0;
  for (let j = 0; j < d; j++) {
    const deviation = points[row * d + j] - centroids[cluster * d + j];
    total += deviation * deviation;
    contributions.push({ metricIndex: j, deviation, share: deviation * deviation });
  }
  if (total === 0) return [];
  contributions.sort((a, b) => b.share - a.share);
  const reasons: MetricContribution[] = [];
  let explained = 0;
  for (const contribution of contributions) {
    if (reasons.length === MAX_REASONS || explained >= EXPLAINED_SHARE) break;
    const share = contribution.share / total;
    reasons.push({ ...contribution, share });
    explained += share;
  }
  return reasons;
}
