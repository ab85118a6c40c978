import type { GroupBaseName } from "./naming";

/**
 * Hysteresis for what operators and alerts see of load groups. k-means alone answers "which
 * centroid is nearest right now", so a node on the boundary between two groups, a group whose
 * centroid wobbles across a naming level, or a node hovering at the outlier threshold flips on
 * every run (one node went busy↔normal 5 times in 9 minutes; 172 outlier alerts resolved in 14).
 * Each decision here takes the previous run's state and this run's raw answer and changes only
 * when the change is clear AND has lasted. Pure: state in, decision out.
 */
export type StabilityOptions = {
  /** A node moves only when its distance to the new centroid is below (1 − margin) × its distance to its current group's. */
  moveMargin: number;
  /** …and it has been in its current group at least this long (ms). */
  dwellMs: number;
  /** A new group name, and a new outlier, must hold this many consecutive runs. */
  confirmRuns: number;
  /** An outlier this far beyond its threshold (share of the threshold) is flagged at once. */
  outlierEnterMargin: number;
};

export const STABILITY_DEFAULTS = { moveMargin: 0.2, dwellMs: 300_000, confirmRuns: 3, outlierEnterMargin: 0.5 } as const;

export type MembershipInput = {
  points: Float64Array;
  d: number;
  k: number;
  /** k-means' answer: cluster index per point. */
  assignments: Int32Array;
  centroids: Float64Array;
  /** Stable group id of each cluster index. */
  idOf: Int32Array;
  nodeIds: readonly string[];
  /** Each node's group id in the previous run. */
  previousGroupOf: ReadonlyMap<string, number>;
  /** When each node joined its previous group; missing means long ago. */
  joinedAt: Readonly<Record<string, number>>;
  /** The run's time; null disables the dwell (only the margin applies). */
  now: number | null;
  moveMargin: number;
  dwellMs: number;
};

export type MembershipDecision = {
  assignments: Int32Array;
  /** When each node joined the group it is in after this run. */
  joinedAt: Record<string, number>;
  /** Nodes kept in their group although k-means put them elsewhere. */
  held: string[];
};

/**
 * Keeps a node in its previous group unless it is clearly closer to its new one (margin) and has
 * dwelt long enough. A node whose previous group no longer exists goes where k-means put it; so
 * does every member of a new group, and of a cluster that holding would leave empty: a new group
 * forms at once, its members are not split from it one by one. (Holding only the members that
 * had a group would leave twin nodes apart: one that joined the fleet meanwhile in the new group,
 * the other held back in its old group as an outlier.)
 */
export function stickyMembership(input: MembershipInput): MembershipDecision {
  const { points, d, k, centroids, idOf, nodeIds, previousGroupOf, joinedAt, now, moveMargin, dwellMs } = input;
  const clusterOfId = new Map<number, number>();
  for (let c = 0; c < k; c++) clusterOfId.set(idOf[c], c);
  const previousIds = new Set(previousGroupOf.values());
  const next = Int32Array.from(input.assignments);
  const heldIndices: number[] = [];
  for (let i = 0; i < next.length; i++) {
    const previousId = previousGroupOf.get(nodeIds[i]);
    if (previousId === undefined) continue;
    const previousCluster = clusterOfId.get(previousId);
    const raw = next[i];
    if (previousCluster === undefined || previousCluster === raw || !previousIds.has(idOf[raw])) continue;
    const toNew = distance(points, d, i, centroids, raw);
    const toOld = distance(points, d, i, centroids, previousCluster);
    const clearlyCloser = toNew < (1 - moveMargin) * toOld;
    const since = joinedAt[nodeIds[i]];
    const dwelt = now === null || since === undefined || now - since >= dwellMs;
    if (clearlyCloser && dwelt) continue;
    next[i] = previousCluster;
    heldIndices.push(i);
  }
  const sizes = new Int32Array(k);
  for (const c of next) sizes[c]++;
  const held: string[] = [];
  for (const i of heldIndices) {
    const raw = input.assignments[i];
    if (sizes[raw] === 0) continue;
    held.push(nodeIds[i]);
  }
  // Release the members of clusters that holding emptied (sizes are from before the release, so all of them go).
  for (const i of heldIndices) {
    const raw = input.assignments[i];
    if (sizes[raw] === 0) next[i] = raw;
  }
  const joined: Record<string, number> = {};
  for (let i = 0; i < next.length; i++) {
    const nodeId = nodeIds[i];
    const stayed = previousGroupOf.get(nodeId) === idOf[next[i]];
    const since = stayed ? joinedAt[nodeId] : undefined;
    if (since !== undefined) joined[nodeId] = since;
    else if (now !== null) joined[nodeId] = now;
  }
  return { assignments: next, joinedAt: joined, held };
}

function distance(points: Float64Array, d: number, i: number, centroids: Float64Array, c: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += (points[i * d + j] - centroids[c * d + j]) ** 2;
  return Math.sqrt(sum);
}

/** The mean of each cluster's members (a cluster with none keeps its given centroid). */
export function memberCentroids(points: Float64Array, d: number, assignments: Int32Array, fallback: Float64Array, k: number): Float64Array {
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < assignments.length; i++) {
    const c = assignments[i];
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += points[i * d + j];
  }
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) sums[c * d + j] = sizes[c] === 0 ? fallback[c * d + j] : sums[c * d + j] / sizes[c];
  }
  return sums;
}

export type NamePending = { name: string; runs: number };
export type PreviousName = { name: string; pending?: NamePending | null };
export type NameDecision = { name: string; baseName: GroupBaseName; pending: NamePending | null };

/** "cpu-hot-2" → "cpu-hot": the part naming decides; the suffix only makes names unique. */
export function baseOfName(name: string): string {
  return name.replace(/-\d+$/, "");
}

/**
 * A continuing group keeps its previous name until another base name has held `confirmRuns`
 * consecutive runs; a new group takes the name it was given. Names stay unique: a kept name wins
 * over a new one, which then gets the next free suffix.
 */
export function stableNames(
  groups: readonly { baseName: GroupBaseName; name: string; previous: PreviousName | null }[],
  confirmRuns: number,
): NameDecision[] {
  const decided = groups.map((group): NameDecision & { kept: boolean } => {
    const previous = group.previous;
    if (!previous) return { name: group.name, baseName: group.baseName, pending: null, kept: false };
    const previousBase = baseOfName(previous.name);
    if (previousBase === group.baseName) return { name: previous.name, baseName: group.baseName, pending: null, kept: true };
    const runs = previous.pending?.name === group.baseName ? previous.pending.runs + 1 : 1;
    if (runs >= confirmRuns) return { name: group.name, baseName: group.baseName, pending: null, kept: false };
    return { name: previous.name, baseName: previousBase as GroupBaseName, pending: { name: group.baseName, runs }, kept: true };
  });
  const used = new Set<string>();
  const order = decided.map((_, index) => index).sort((a, b) => Number(decided[b].kept) - Number(decided[a].kept) || a - b);
  for (const index of order) {
    const entry = decided[index];
    if (used.has(entry.name)) entry.name = freeName(entry.baseName, used);
    used.add(entry.name);
  }
  return decided.map(({ name, baseName, pending }) => ({ name, baseName, pending }));
}

function freeName(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type OutlierConfirmInput = {
  nodeIds: readonly string[];
  /** The raw scan: 1 beyond the threshold (previous outliers judged against the lower release threshold). */
  beyond: Uint8Array;
  distances: Float64Array;
  /** Each point's group threshold (Infinity when the group is too small to judge). */
  thresholds: Float64Array;
  previousOutliers: ReadonlySet<string>;
  /** Consecutive runs each not-yet-flagged node has been beyond its threshold. */
  previousStreaks: Readonly<Record<string, number>>;
  confirmRuns: number;
  enterMargin: number;
};

/**
 * Flags a new outlier only after `confirmRuns` consecutive runs beyond its threshold, or at once
 * when it is beyond it by `enterMargin`; a flagged one stays flagged until it falls below the
 * (lower) release threshold the scan already applied.
 */
export function confirmOutliers(input: OutlierConfirmInput): { outlier: Uint8Array; streaks: Record<string, number> } {
  const { nodeIds, beyond, distances, thresholds, previousOutliers, previousStreaks, confirmRuns, enterMargin } = input;
  const outlier = new Uint8Array(nodeIds.length);
  const streaks: Record<string, number> = {};
  for (let i = 0; i < nodeIds.length; i++) {
    const nodeId = nodeIds[i];
    if (previousOutliers.has(nodeId)) {
      outlier[i] = beyond[i];
      continue;
    }
    if (!beyond[i]) continue;
    const streak = (previousStreaks[nodeId] ?? 0) + 1;
    const clearly = Number.isFinite(thresholds[i]) && distances[i] > thresholds[i] * (1 + enterMargin);
    if (streak >= confirmRuns || clearly) outlier[i] = 1;
    else streaks[nodeId] = streak;
  }
  return { outlier, streaks };
}
