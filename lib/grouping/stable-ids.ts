import { solveAssignment } from "./hungarian";

/**
 * Keeps group ids (and so their colours) stable across runs: the new run's clusters are matched
 * to the previous run's groups by optimal assignment on a cost that mixes membership overlap and
 * centroid distance. Membership weighs most because that is what an operator recognises ("the
 * group with my cache nodes"); the distance term breaks ties and carries identity when the nodes
 * themselves were replaced. A cluster whose best affordable match costs more than the threshold
 * is a genuinely new group and draws a fresh id from the counter.
 */
export type ClusterForMatching = { centroidScaled: Float64Array; members: readonly string[] };
export type GroupForMatching = { id: number; centroidScaled: Float64Array; members: readonly string[] };

export type MatchOptions = {
  /** Weight of membership (1 − Jaccard) against centroid distance. */
  membershipWeight?: number;
  /** Centroid distance (scaled units) at which the distance term saturates at 1. */
  distanceScale?: number;
  /** Above this cost a cluster gets a new id rather than an old one. */
  newGroupCost?: number;
};

export type GroupMatch = {
  id: number;
  /** The previous group this cluster continues, or null for a new group. */
  previousId: number | null;
  cost: number | null;
  /** Jaccard overlap with the previous group over nodes present in both runs, null when undefined. */
  jaccard: number | null;
  centroidDistance: number | null;
};

export type MatchResult = { matches: GroupMatch[]; nextId: number; retiredIds: number[] };

// With these, a 50/50 merge (1 − J = 0.5, centroid half a blob-distance away) still keeps one id
// (0.75·0.5 + 0.25·1 = 0.625 < 0.7), while a group born from a small slice of an old one
// (J ≈ 0.1) costs ≥ 0.675 + distance and gets a new id.
export const MATCH_DEFAULTS = { membershipWeight: 0.75, distanceScale: 3, newGroupCost: 0.7 } as const;

export function matchGroups(clusters: readonly ClusterForMatching[], previous: readonly GroupForMatching[], nextId: number, options: MatchOptions = {}): MatchResult {
  const { membershipWeight, distanceScale, newGroupCost } = { ...MATCH_DEFAULTS, ...options };
  const overlap = membershipOverlap(clusters, previous);
  const m = clusters.length;
  const p = previous.length;
  const size = m + p;
  const details = clusters.map((cluster, i) =>
    previous.map((group, j) => {
      const centroidDistance = euclidean(cluster.centroidScaled, group.centroidScaled);
      const distanceTerm = Math.min(1, centroidDistance / distanceScale);
      const jaccard = overlap.jaccard(i, j);
      const membershipTerm = jaccard === null ? distanceTerm : 1 - jaccard;
      return { cost: membershipWeight * membershipTerm + (1 - membershipWeight) * distanceTerm, jaccard, centroidDistance };
    }),
  );
  // Square matrix: rows are clusters then "retire" slots, columns are previous groups then
  // "new id" slots, so choosing a new id (at the threshold) competes with every real match.
  const cost: number[][] = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => {
      if (row < m && column < p) return details[row][column].cost;
      if (row < m) return newGroupCost;
      return 0;
    }),
  );
  const columnOfRow = solveAssignment(cost);
  let counter = nextId;
  const matched = new Set<number>();
  const matches = clusters.map((_, i): GroupMatch => {
    const column = columnOfRow[i];
    if (column < p && details[i][column].cost < newGroupCost) {
      matched.add(column);
      return { id: previous[column].id, previousId: previous[column].id, ...details[i][column] };
    }
    return { id: counter++, previousId: null, cost: null, jaccard: null, centroidDistance: null };
  });
  const retiredIds = previous.filter((_, j) => !matched.has(j)).map((group) => group.id);
  return { matches, nextId: counter, retiredIds };
}

/** Jaccard overlaps counted only over nodes present in both runs, so churn alone is no change. */
function membershipOverlap(clusters: readonly ClusterForMatching[], previous: readonly GroupForMatching[]): { jaccard: (cluster: number, group: number) => number | null } {
  const previousGroupOf = new Map<string, number>();
  previous.forEach((group, j) => group.members.forEach((nodeId) => previousGroupOf.set(nodeId, j)));
  const present = new Set<string>();
  const p = previous.length;
  const intersections = new Int32Array(clusters.length * p);
  const clusterSizes = new Int32Array(clusters.length);
  clusters.forEach((cluster, i) => {
    for (const nodeId of cluster.members) {
      present.add(nodeId);
      const j = previousGroupOf.get(nodeId);
      if (j === undefined) continue;
      clusterSizes[i]++;
      intersections[i * p + j]++;
    }
  });
  const groupSizes = previous.map((group) => group.members.filter((nodeId) => present.has(nodeId)).length);
  return {
    jaccard: (i, j) => {
      const intersection = intersections[i * p + j];
      const union = clusterSizes[i] + groupSizes[j] - intersection;
      return union === 0 ? null : intersection / union;
    },
  };
}

/** Dimensions unknown on either side (NaN, e.g. a metric added since the last run) are skipped. */
function euclidean(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const delta = a[j] - b[j];
    if (Number.isFinite(delta)) sum += delta * delta;
  }
  return Math.sqrt(sum);
}
