import type { NodeView } from "../protocol/views";
import type { ReplicaGroupStatus } from "../replication";
import { seconds } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import type { PlannerState } from "./state";
import type { Freeze, RateLimitSettings, SelfCheckInput } from "./types";

/** Share of a zone (or of the fleet) that, down at once, makes Vigil suspect itself (Kubernetes' unhealthyZoneThreshold). */
export const BLAST_RADIUS_SHARE = 0.55;
/** …and at least this many nodes down, so one lost node of a tiny zone does not freeze the fleet. */
export const BLAST_RADIUS_MIN_DOWN = 3;
/** A blast-radius episode ends only after the condition has been clear this long. */
export const BLAST_RADIUS_CLEAR_MS = 60_000;

export type OutageShare = { scope: string; down: number; total: number; share: number };

/** Looks down: declared down, or suspect with its agent disconnected. Maintenance nodes are not counted at all. */
export function looksDown(node: NodeView): boolean {
  return node.state === "down" || (node.state === "suspect" && !node.connected);
}

/** The zones (and "fleet") where at least 55% and at least 3 nodes look down at once. */
export function blastRadiusBreaches(nodes: readonly NodeView[]): OutageShare[] {
  const fleet = { down: 0, total: 0 };
  const byZone = new Map<string, { down: number; total: number }>();
  for (const node of nodes) {
    if (node.state === "maintenance") continue;
    const zone = node.zone ?? "(no zone)";
    let counts = byZone.get(zone);
    if (!counts) byZone.set(zone, (counts = { down: 0, total: 0 }));
    const down = looksDown(node) ? 1 : 0;
    counts.down += down;
    counts.total++;
    fleet.down += down;
    fleet.total++;
  }
  const zones = [...byZone.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([zone, counts]): [string, { down: number; total: number }] => [`zone ${zone}`, counts]);
  return [["fleet", fleet] as [string, { down: number; total: number }], ...zones]
    .map(([scope, { down, total }]) => ({ scope, down, total, share: total === 0 ? 0 : down / total }))
    .filter((entry) => entry.down >= BLAST_RADIUS_MIN_DOWN && entry.share >= BLAST_RADIUS_SHARE);
}

/**
 * Blast radius: when a large share of a zone or the fleet looks down at once, assume Vigil is the
 * one cut off and freeze destructive actions. One episode (one freeze id, so one event) lasts
 * until the condition has been clear for {@link BLAST_RADIUS_CLEAR_MS}.
 */
export function blastRadiusGuard(nodes: readonly NodeView[], previous: PlannerState["blastRadius"], now: number): { freeze: Freeze | null; memory: PlannerState["blastRadius"] } {
  const breaches = blastRadiusBreaches(nodes);
  if (breaches.length > 0) {
    const reason = `Vigil may be partitioned: ${breaches.map((b) => `${b.down} of ${b.total} nodes (${Math.round(b.share * 100)}%) in ${b.scope}`).join(", ")} look down at once. Destructive recovery is frozen; a human should check whether the fleet or Vigil's own network is at fault.`;
    const since = previous?.since ?? now;
    return { freeze: blastFreeze(since, reason, null), memory: { since, clearSince: null, reason } };
  }
  if (!previous) return { freeze: null, memory: null };
  const clearSince = previous.clearSince ?? now;
  if (now - clearSince >= BLAST_RADIUS_CLEAR_MS) return { freeze: null, memory: null };
  const reason = `${previous.reason} (clear for ${seconds(now - clearSince)}; the freeze lifts after ${seconds(BLAST_RADIUS_CLEAR_MS)} clear)`;
  return { freeze: blastFreeze(previous.since, reason, clearSince + BLAST_RADIUS_CLEAR_MS), memory: { ...previous, clearSince } };
}

function blastFreeze(since: number, reason: string, until: number | null): Freeze {
  return { id: `blast-radius:${since}`, kind: "blast-radius", scope: "destructive", reason, since, until };
}

/** Self-distrust: an event-loop stall or clock jump freezes every action until `frozenUntil`. */
export function selfCheckFreeze(selfCheck: SelfCheckInput, now: number): Freeze | null {
  if (selfCheck.frozenUntil === null || now >= selfCheck.frozenUntil) return null;
  return {
    id: `self-check:${selfCheck.frozenUntil}`,
    kind: "self-check",
    scope: "all",
    reason: `Vigil distrusts its own timing (${selfCheck.reason ?? "event-loop stall or clock jump"}): every recovery action is frozen for ${seconds(selfCheck.frozenUntil - now)}.`,
    since: now,
    until: selfCheck.frozenUntil,
  };
}

/** The global kill switch: nothing runs. Its id is stable while it stays on. */
export function killSwitchFreeze(on: boolean, previousFreezes: readonly string[], now: number): Freeze | null {
  if (!on) return null;
  const id = previousFreezes.find((freeze) => freeze.startsWith("kill-switch:")) ?? `kill-switch:${now}`;
  const since = Number(id.slice("kill-switch:".length)) || now;
  return { id, kind: "kill-switch", scope: "all", reason: "The global recovery kill switch is on: Vigil plans nothing automatically.", since, until: null };
}

export type TokenBucketState = NonNullable<PlannerState["bucket"]>;

/** Refills the bucket at `perMinute` up to `burst` (a fresh bucket is full). */
export function refillBucket(bucket: TokenBucketState | null, settings: RateLimitSettings, now: number): TokenBucketState {
  if (!bucket) return { tokens: settings.burst, updatedAt: now };
  const elapsed = Math.max(0, now - bucket.updatedAt);
  return { tokens: Math.min(settings.burst, bucket.tokens + (elapsed / 60_000) * settings.perMinute), updatedAt: now };
}

/** Takes `cost` tokens when there are enough; the bucket is updated in place. */
export function takeTokens(bucket: TokenBucketState, cost: number): boolean {
  if (cost <= 0) return true;
  if (bucket.tokens + 1e-9 < cost) return false;
  bucket.tokens = Math.max(0, bucket.tokens - cost);
  return true;
}

/** Milliseconds until `cost` tokens are available. */
export function msUntilTokens(bucket: TokenBucketState, settings: RateLimitSettings, cost: number): number {
  const missing = Math.max(0, cost - bucket.tokens);
  return Math.ceil((missing / settings.perMinute) * 60_000);
}

/**
 * Minimum available replicas: taking `targetId` out of service must leave at least
 * `minAvailableReplicas` other healthy members not already being acted on (capped at
 * members − 1, so a group of one can still be restarted). Returns why it would not, or null.
 */
export function minAvailableViolation(
  group: ReplicaGroupStatus,
  targetId: string,
  policy: RecoveryPolicy,
  busyNodeIds: ReadonlySet<string>,
  doing = "Restarting",
): string | null {
  const required = Math.min(policy.minAvailableReplicas, group.memberCount - 1);
  if (required <= 0) return null;
  const available = group.members.filter((member) => member.nodeId !== targetId && member.state === "healthy" && !busyNodeIds.has(member.nodeId));
  if (available.length >= required) return null;
  return `${doing} ${targetId} would leave ${available.length} healthy member(s) of ${group.id} available (${available.map((m) => m.nodeId).join(", ") || "none"}), fewer than the minimum of ${required}.`;
}
