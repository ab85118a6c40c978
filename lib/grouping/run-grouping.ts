import type { MetricName } from "../protocol/views";
import { AUTO_K_DEFAULTS, allIdentical, chooseK, sampledSilhouette, type KSelection } from "./auto-k";
import { buildFeatures, scaleValue, type FeatureMatrix, type NodeLoad } from "./features";
import type { GroupingChanges, GroupingResult, LoadGroup, MetricProfile, NodeAssignment } from "./grouping-result";
import { FIRST_GROUP_ID, type PreviousGrouping } from "./grouping-state";
import { imputeFromSimilarNodes } from "./impute-missing";
import { kmeans } from "./kmeans";
import { nameAndRank } from "./naming";
import { findOutliers, largestContributions, type OutlierScan } from "./outliers";
import { medianOf } from "./robust-statistics";
import { principalComponents, projectPoints, type PrincipalComponents } from "./principal-components";
import { seededRandom, type Random } from "./seeded-random";
import { confirmOutliers, memberCentroids, stableNames, stickyMembership, STABILITY_DEFAULTS } from "./stability";
import type { GroupingSettings } from "./settings";
import { matchGroups, type MatchResult } from "./stable-ids";

export type GroupingInput = {
  nodes: readonly NodeLoad[];
  /** Already validated by groupingSettingsSchema. */
  settings: GroupingSettings;
  previous: PreviousGrouping | null;
  /** Same input + same seed → same result. */
  seed: number;
  /** The run's time, for the membership dwell; without it only the margin holds nodes in their group. */
  now?: number;
};

type Fit = { k: number; assignments: Int32Array; centroids: Float64Array; inertia: number; silhouette: number | null; selection: KSelection };

/** Restarts for a fixed-k fit on the full data (auto-k already tried several on its sample). */
const FIXED_K_RESTARTS = 3;

/** One grouping run: features → k → k-means → outliers → names/ranks → stable ids → changes. */
export function runGrouping(input: GroupingInput): GroupingResult {
  const { settings, previous } = input;
  const random = seededRandom(input.seed);
  const features = imputeFromSimilarNodes(buildFeatures(input.nodes, { metrics: settings.metrics, minSamples: settings.minSamples }), random);
  const d = features.metrics.length;
  const rawFit = fitGroups(features.scaled, d, settings.k, random);
  const rawMembers = membersOf(rawFit, features.nodeIds);
  const rawProfiles = Array.from({ length: rawFit.k }, (_, c) => scaledProfile(features, rawFit.centroids, c));
  const rawNamed = nameAndRank(
    rawProfiles.map((profile, c) => ({ centroidScaled: withoutConstantMetrics(profile, features), size: rawMembers[c].length })),
  );
  const order = Array.from({ length: rawFit.k }, (_, c) => c).sort((a, b) => rawNamed[a].rank - rawNamed[b].rank);
  const match = matchToPrevious(order, rawFit, features, rawMembers, previous);
  const idOf = new Int32Array(rawFit.k);
  order.forEach((c, position) => (idOf[c] = match.matches[position].id));

  // Hysteresis: nodes near a boundary stay in their group (see stability.ts); centroids follow the members kept.
  const previousGroupOf = new Map<string, number>();
  for (const group of previous?.groups ?? []) for (const nodeId of group.members) previousGroupOf.set(nodeId, group.id);
  const membership = stickyMembership({
    points: features.scaled, d, k: rawFit.k, assignments: rawFit.assignments, centroids: rawFit.centroids, idOf, nodeIds: features.nodeIds,
    previousGroupOf, joinedAt: previous?.joinedAt ?? {}, now: input.now ?? null, moveMargin: settings.moveMargin, dwellMs: settings.dwellSeconds * 1000,
  });
  const fit: Fit = membership.held.length === 0
    ? rawFit
    : { ...rawFit, assignments: membership.assignments, centroids: memberCentroids(features.scaled, d, membership.assignments, rawFit.centroids, rawFit.k) };
  const members = membership.held.length === 0 ? rawMembers : membersOf(fit, features.nodeIds);
  const profiles = membership.held.length === 0 ? rawProfiles : Array.from({ length: fit.k }, (_, c) => scaledProfile(features, fit.centroids, c));
  const fresh = membership.held.length === 0
    ? rawNamed
    : nameAndRank(profiles.map((profile, c) => ({ centroidScaled: withoutConstantMetrics(profile, features), size: members[c].length })));
  const previousById = new Map((previous?.groups ?? []).map((group) => [group.id, group]));
  const names = stableNames(
    Array.from({ length: fit.k }, (_, c) => {
      const previousId = match.matches[order.indexOf(c)].previousId;
      const before = previousId === null ? undefined : previousById.get(previousId);
      return { baseName: fresh[c].baseName, name: fresh[c].name, previous: before ? { name: before.name, pending: before.pendingName ?? null } : null };
    }),
    settings.confirmRuns,
  );
  const named = fresh.map((entry, c) => ({ ...entry, name: names[c].name, baseName: names[c].baseName }));

  const wasOutlier = new Set(previous?.outliers ?? []);
  const previouslyOutlier = Uint8Array.from(features.nodeIds, (nodeId) => (wasOutlier.has(nodeId) ? 1 : 0));
  const rawScan = findOutliers(features.scaled, d, fit.assignments, fit.centroids, fit.k, { previouslyOutlier });
  const confirmed = confirmOutliers({
    nodeIds: features.nodeIds,
    beyond: rawScan.outlier,
    distances: rawScan.distances,
    thresholds: Float64Array.from(fit.assignments, (c) => rawScan.groups[c].threshold),
    previousOutliers: wasOutlier,
    previousStreaks: previous?.outlierStreaks ?? {},
    confirmRuns: settings.confirmRuns,
    enterMargin: STABILITY_DEFAULTS.outlierEnterMargin,
  });
  const scan = { ...rawScan, outlier: confirmed.outlier };
  const pcs = principalComponents(features.scaled, d);

  const realCentroids = realCentroidsOf(features, fit);
  const centroidPcs = projectPoints(fit.centroids, d, pcs.means, pcs.axes);
  const pendingNameOf = new Map<number, (typeof names)[number]["pending"]>();
  const groups = order.map((c, position): LoadGroup => {
    pendingNameOf.set(idOf[c], names[c].pending);
    const matched = match.matches[position];
    const spread = scan.groups[c];
    return {
      id: idOf[c],
      name: named[c].name,
      baseName: named[c].baseName,
      rank: named[c].rank,
      loadScore: named[c].loadScore,
      size: members[c].length,
      centroid: realCentroids[c],
      centroidScaled: profiles[c],
      pc: [centroidPcs[c * 2], centroidPcs[c * 2 + 1]],
      members: members[c],
      typicalDistance: spread.typicalDistance,
      outlierThreshold: Number.isFinite(spread.threshold) ? spread.threshold : null,
      continues: matched.previousId === null ? null : { previousId: matched.previousId, jaccard: matched.jaccard, cost: matched.cost ?? 0 },
    };
  });
  // Members held in their groups can change the ranking k-means' own fit gave.
  groups.sort((a, b) => a.rank - b.rank);
  const assignments = assignmentsOf(features, fit, scan, pcs, idOf, realCentroids);
  return {
    k: fit.k,
    silhouette: fit.silhouette,
    inertia: fit.inertia,
    kSelection: { mode: settings.k === "auto" ? "auto" : "fixed", reason: fit.selection.reason, candidates: fit.selection.candidates },
    metrics: features.metrics,
    scaling: features.scaling,
    groups,
    assignments,
    excluded: features.excluded,
    projection: { axes: [profileOf(features.metrics, pcs.axes[0]), profileOf(features.metrics, pcs.axes[1])], explained: pcs.explained },
    changes: changesSince(previous, assignments, match),
    state: {
      version: 1,
      nextId: match.nextId,
      groups: groups.map((group) => {
        const pending = pendingNameOf.get(group.id);
        return { id: group.id, name: group.name, centroid: group.centroid, members: group.members, ...(pending ? { pendingName: pending } : {}) };
      }),
      outliers: assignments.filter((assignment) => assignment.outlier).map((assignment) => assignment.nodeId),
      ...(Object.keys(membership.joinedAt).length ? { joinedAt: membership.joinedAt } : {}),
      ...(Object.keys(confirmed.streaks).length ? { outlierStreaks: confirmed.streaks } : {}),
    },
  };
}

function fitGroups(points: Float64Array, d: number, k: GroupingSettings["k"], random: Random): Fit {
  const n = d > 0 ? points.length / d : 0;
  const selection = k === "auto" ? chooseK(points, d, { random }) : fixedSelection(points, n, d, k);
  if (selection.k <= 1) return singleGroup(points, n, d, selection);
  const result = kmeans(points, d, selection.k, { random, initialCentroids: selection.centroids ?? undefined, restarts: FIXED_K_RESTARTS });
  // Auto-k scored the silhouette on its sample fit; a fixed k is scored here on the full fit.
  const silhouette = k === "auto" ? selection.silhouette : sampledSilhouette(points, d, result.assignments, result.k, random, AUTO_K_DEFAULTS.sampleSize);
  return { k: result.k, assignments: result.assignments, centroids: result.centroids, inertia: result.inertia, silhouette: result.k > 1 ? silhouette : null, selection };
}

function fixedSelection(points: Float64Array, n: number, d: number, k: number): KSelection {
  const none = { silhouette: null, candidates: [], centroids: null };
  if (n === 0) return { k: 0, reason: "no-nodes", ...none };
  if (allIdentical(points, n, d)) return { k: 1, reason: "identical-points", ...none };
  if (n <= k) return { k: Math.max(1, n - 1), reason: "too-few-nodes", ...none };
  return { k, reason: "fixed", ...none };
}

function singleGroup(points: Float64Array, n: number, d: number, selection: KSelection): Fit {
  const k = n === 0 ? 0 : 1;
  const centroids = new Float64Array(k * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centroids[j] += points[i * d + j] / n;
  let inertia = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) inertia += (points[i * d + j] - centroids[j]) ** 2;
  return { k, assignments: new Int32Array(n), centroids, inertia, silhouette: null, selection: { ...selection, k } };
}

function matchToPrevious(order: number[], fit: Fit, features: FeatureMatrix, members: string[][], previous: PreviousGrouping | null): MatchResult {
  const d = features.metrics.length;
  const clusters = order.map((c) => ({ centroidScaled: fit.centroids.slice(c * d, (c + 1) * d), members: members[c] }));
  const previousGroups = (previous?.groups ?? []).map((group) => ({
    id: group.id,
    members: group.members,
    // Re-scaled with this run's statistics; a metric the previous run did not cluster is unknown (NaN).
    centroidScaled: Float64Array.from(features.scaling, (scaling) => {
      const value = group.centroid[scaling.metric];
      return value === undefined ? Number.NaN : scaleValue(value, scaling);
    }),
  }));
  return matchGroups(clusters, previousGroups, previous?.nextId ?? FIRST_GROUP_ID);
}

function assignmentsOf(features: FeatureMatrix, fit: Fit, scan: OutlierScan, pcs: PrincipalComponents, idOf: Int32Array, realCentroids: MetricProfile[]): NodeAssignment[] {
  const d = features.metrics.length;
  const imputedOf = new Map(features.imputed.map((entry) => [entry.nodeId, entry]));
  return features.nodeIds.map((nodeId, i) => {
    const c = fit.assignments[i];
    const outlier = scan.outlier[i] === 1;
    const outlierMetrics = outlier
      ? largestContributions(features.scaled, d, i, fit.centroids, c).map((contribution) => {
          const j = contribution.metricIndex;
          return {
            metric: features.metrics[j],
            value: features.real[i * d + j],
            centroid: realCentroids[c][features.metrics[j]] ?? Number.NaN,
            deviation: contribution.deviation,
            share: contribution.share,
          };
        })
      : [];
    return { nodeId, groupId: idOf[c], distance: scan.distances[i], outlier, outlierMetrics, pc: [pcs.scores[i * 2], pcs.scores[i * 2 + 1]], imputed: imputedOf.get(nodeId)?.metrics ?? [], imputedFrom: imputedOf.get(nodeId)?.method ?? null };
  });
}

function changesSince(previous: PreviousGrouping | null, assignments: NodeAssignment[], match: MatchResult): GroupingChanges {
  const previousGroupOf = new Map<string, number>();
  for (const group of previous?.groups ?? []) for (const nodeId of group.members) previousGroupOf.set(nodeId, group.id);
  const previousOutliers = new Set(previous?.outliers ?? []);
  const moved: GroupingChanges["moved"] = [];
  const becameOutliers: string[] = [];
  const stoppedBeingOutliers: string[] = [];
  for (const assignment of assignments) {
    const from = previousGroupOf.get(assignment.nodeId);
    if (from !== undefined && from !== assignment.groupId) moved.push({ nodeId: assignment.nodeId, from, to: assignment.groupId });
    const was = previousOutliers.has(assignment.nodeId);
    if (assignment.outlier && !was) becameOutliers.push(assignment.nodeId);
    if (!assignment.outlier && was) stoppedBeingOutliers.push(assignment.nodeId);
  }
  const newGroupIds = match.matches.filter((entry) => entry.previousId === null).map((entry) => entry.id);
  return { moved, becameOutliers, stoppedBeingOutliers, newGroupIds, retiredGroupIds: match.retiredIds };
}

function membersOf(fit: Fit, nodeIds: string[]): string[][] {
  const members: string[][] = Array.from({ length: fit.k }, () => []);
  nodeIds.forEach((nodeId, i) => members[fit.assignments[i]].push(nodeId));
  return members;
}

function scaledProfile(features: FeatureMatrix, centroids: Float64Array, c: number): MetricProfile {
  const d = features.metrics.length;
  return profileOf(features.metrics, centroids.subarray(c * d, (c + 1) * d));
}

/**
 * Real-unit centroids are the members' per-metric medians, not the scaled centroid mapped back:
 * the clip at ±5 makes that inverse wrong for far groups (a cpu-hot group at 0.95 in a fleet
 * whose cpu IQR is 0.02 would read back as 0.5), and a median is not dragged by one glitch.
 */
function realCentroidsOf(features: FeatureMatrix, fit: Fit): MetricProfile[] {
  const d = features.metrics.length;
  const sizes = new Int32Array(fit.k);
  for (let i = 0; i < fit.assignments.length; i++) sizes[fit.assignments[i]]++;
  return Array.from({ length: fit.k }, (_, c) => {
    const values = Array.from({ length: d }, () => new Float64Array(sizes[c]));
    let next = 0;
    for (let i = 0; i < fit.assignments.length; i++) {
      if (fit.assignments[i] !== c) continue;
      for (let j = 0; j < d; j++) values[j][next] = features.real[i * d + j];
      next++;
    }
    return profileOf(features.metrics, values.map((column) => medianOf(column)));
  });
}

/** A metric constant across the fleet says nothing about any group, so naming ignores it. */
function withoutConstantMetrics(profile: MetricProfile, features: FeatureMatrix): MetricProfile {
  const kept: MetricProfile = {};
  for (const scaling of features.scaling) if (scaling.scale > 0) kept[scaling.metric] = profile[scaling.metric];
  return kept;
}

function profileOf(metrics: MetricName[], values: ArrayLike<number>): MetricProfile {
  const profile: MetricProfile = {};
  metrics.forEach((metric, j) => (profile[metric] = values[j]));
  return profile;
}
