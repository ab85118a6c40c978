import type { MetricName } from "../protocol/views";

/**
 * Names and ranks groups from their centroid in robust-scaled space (units of fleet IQR away
 * from the fleet median). Names are therefore relative to the fleet: "cpu-hot" means hotter than
 * the fleet's typical node, which is what "behaves unlike its peers" asks for.
 */
export type GroupBaseName = "idle" | "cpu-hot" | "mem-heavy" | "net-heavy" | "disk-full" | "slow" | "erroring" | "busy" | "normal";
export type ScaledProfile = Partial<Record<MetricName, number>>;
export type GroupToName = { centroidScaled: ScaledProfile; size: number };
export type NamedGroup = { name: string; baseName: GroupBaseName; rank: number; loadScore: number };

const FAMILIES: { name: GroupBaseName; metrics: MetricName[] }[] = [
  { name: "cpu-hot", metrics: ["cpu", "load1"] },
  { name: "mem-heavy", metrics: ["mem"] },
  { name: "net-heavy", metrics: ["netIn", "netOut"] },
  { name: "disk-full", metrics: ["disk"] },
  { name: "slow", metrics: ["latencyMs"] },
  { name: "erroring", metrics: ["errorRate"] },
];
const ACTIVITY_METRICS: MetricName[] = ["cpu", "load1", "netIn", "netOut"];
const LOAD_METRICS: MetricName[] = ["cpu", "load1", "netIn", "netOut", "latencyMs"];

/**
 * Three quarters of an IQR above the fleet median: the group as a whole sits beyond the fleet's
 * upper quartile (+0.5 for a symmetric metric). A full IQR was too strict when a hot group is
 * large enough that the upper quartile falls inside it: its centroid then sits at about +1.
 */
export const HIGH_LEVEL = 0.75;
/**
 * Idle = below the fleet median on every activity metric and at or below the lower quartile
 * (−0.5 for a symmetric metric) on at least one. Requiring the quartile on all of them failed
 * whenever a busy group stretched one metric's IQR (a net-heavy group makes an idle group's
 * network look only slightly low).
 */
export const IDLE_LEVEL = -0.5;
const BELOW_MEDIAN = -0.2;
/** High on this many families at once reads as generally "busy" rather than one specialty. */
const BUSY_FAMILIES = 3;
const COMPARABLE_SHARE = 0.5;

export function baseNameOf(profile: ScaledProfile): GroupBaseName {
  const high = FAMILIES.map((family) => ({ name: family.name, level: familyLevel(profile, family.metrics) }))
    .filter((family) => family.level !== null && family.level >= HIGH_LEVEL)
    .sort((a, b) => (b.level ?? 0) - (a.level ?? 0));
  if (high.length === 0) return idleOrNormal(profile);
  // Only families about as raised as the strongest make a group "busy": a cpu-hot group also
  // carries a bit more memory and traffic, which should not hide what stands out.
  const comparable = high.filter((family) => (family.level ?? 0) >= COMPARABLE_SHARE * (high[0].level ?? 0));
  return comparable.length >= BUSY_FAMILIES ? "busy" : high[0].name;
}

function idleOrNormal(profile: ScaledProfile): GroupBaseName {
  const activity = valuesOf(profile, ACTIVITY_METRICS);
  const judged = activity.length ? activity : valuesOf(profile, Object.keys(profile) as MetricName[]);
  if (judged.length && judged.every((value) => value <= BELOW_MEDIAN) && judged.some((value) => value <= IDLE_LEVEL)) return "idle";
  return "normal";
}

/** Mean scaled cpu, load1, network and latency: how much work the group carries. */
export function loadScoreOf(profile: ScaledProfile): number {
  const load = valuesOf(profile, LOAD_METRICS);
  const values = load.length ? load : valuesOf(profile, Object.keys(profile) as MetricName[]);
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

/** Rank 0 is the hottest group; names are made unique in rank order ("cpu-hot", "cpu-hot-2"). */
export function nameAndRank(groups: readonly GroupToName[]): NamedGroup[] {
  const scored = groups.map((group, index) => ({ index, size: group.size, loadScore: loadScoreOf(group.centroidScaled), baseName: baseNameOf(group.centroidScaled) }));
  const order = [...scored].sort((a, b) => b.loadScore - a.loadScore || b.size - a.size || a.index - b.index);
  const used = new Map<string, number>();
  const named = new Array<NamedGroup>(groups.length);
  order.forEach((group, rank) => {
    const count = (used.get(group.baseName) ?? 0) + 1;
    used.set(group.baseName, count);
    const name = count === 1 ? group.baseName : `${group.baseName}-${count}`;
    named[group.index] = { name, baseName: group.baseName, rank, loadScore: group.loadScore };
  });
  return named;
}

function familyLevel(profile: ScaledProfile, metrics: MetricName[]): number | null {
  const values = valuesOf(profile, metrics);
  return values.length ? Math.max(...values) : null;
}

function valuesOf(profile: ScaledProfile, metrics: MetricName[]): number[] {
  return metrics.map((metric) => profile[metric]).filter((value): value is number => typeof value === "number");
}
