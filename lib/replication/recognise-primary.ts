import type { GroupMemoryEntry } from "./memory";
import { MAX_EPOCH_JUMP } from "../protocol/agent";
import { isPrimaryHealthy, type ReplicaGroupMember } from "./members";
import type { ReplicationSettings } from "./settings";

export type PrimaryRecognition = {
  /** The primary Vigil recognises now; null when no member reports (or declares) primary. */
  primaryId: string | null;
  entry: GroupMemoryEntry;
};

const STATE_PREFERENCE = ["healthy", "suspect", "maintenance", "unknown", "down"] as const;

/**
 * Recognises one primary among the members claiming the role, keeping the previous one while it
 * still claims it and is healthy. The epoch bumps when the recognised primary moves to another
 * node; a group's first primary starts it at 1. It is never below the highest fencing epoch a
 * member's agent reports having seen: a Vigil on a new or restored database catches up with its
 * own past instead of issuing epochs the agents already fence off.
 */
export function recognisePrimary(
  members: readonly ReplicaGroupMember[],
  previous: GroupMemoryEntry | undefined,
  now: number,
  settings: ReplicationSettings,
): PrimaryRecognition {
  const recognition = recognise(members, previous, now, settings);
  const seen = corroboratedEpoch(members);
  if (seen <= recognition.entry.epoch) return recognition;
  return { ...recognition, entry: { ...recognition.entry, epoch: seen } };
}

/**
 * A lone agent's report counts only this far above what another member saw: one compromised
 * agent could otherwise lift the group's epoch beyond what the honest members accept (they
 * refuse jumps over MAX_EPOCH_JUMP) and so block every failover. Half the agents' bound leaves
 * room for the failover's own bump.
 */
const MAX_LONE_EPOCH_LEAD = MAX_EPOCH_JUMP / 2;

/** The highest reported epoch, unless one member alone runs far ahead of the others: then the next highest. */
export function corroboratedEpoch(members: readonly Pick<ReplicaGroupMember, "fencingEpoch">[]): number {
  const [highest = 0, next = 0] = members.map((member) => member.fencingEpoch ?? 0).sort((a, b) => b - a);
  return highest - next <= MAX_LONE_EPOCH_LEAD ? highest : next;
}

function recognise(
  members: readonly ReplicaGroupMember[],
  previous: GroupMemoryEntry | undefined,
  now: number,
  settings: ReplicationSettings,
): PrimaryRecognition {
  const previousId = previous?.primaryId ?? null;
  const primaryId = choosePrimary(members, previousId, settings);
  if (!previous) {
    return { primaryId, entry: { epoch: 1, primaryId, primarySince: primaryId === null ? null : now, lastSeenAt: now } };
  }
  if (primaryId === null || primaryId === previousId) {
    return { primaryId, entry: { ...previous, lastSeenAt: now } };
  }
  const epoch = previousId === null ? previous.epoch : previous.epoch + 1;
  return { primaryId, entry: { epoch, primaryId, primarySince: now, lastSeenAt: now } };
}

function choosePrimary(members: readonly ReplicaGroupMember[], previousId: string | null, settings: ReplicationSettings): string | null {
  const claimants = members.filter((member) => member.role === "primary");
  const previous = claimants.find((member) => member.nodeId === previousId);
  if (previous && isPrimaryHealthy(previous.state, settings)) return previous.nodeId;
  const healthy = claimants.filter((member) => isPrimaryHealthy(member.state, settings));
  if (healthy.length > 0) return mostLikelyPrimary(healthy, members);
  // Nobody healthy claims the role: keep the one we had, so an outage does not move the epoch.
  if (previous) return previous.nodeId;
  if (claimants.length > 0) return mostLikelyPrimary(claimants, members);
  return null;
}

/** Best state, then the most replicas following it, then the highest offset, then the id. */
function mostLikelyPrimary(claimants: readonly ReplicaGroupMember[], members: readonly ReplicaGroupMember[]): string {
  const followers = (id: string) => members.filter((member) => member.role === "replica" && member.following === id).length;
  const ranked = [...claimants].sort(
    (a, b) =>
      STATE_PREFERENCE.indexOf(a.state) - STATE_PREFERENCE.indexOf(b.state) ||
      followers(b.nodeId) - followers(a.nodeId) ||
      (b.offset ?? -1) - (a.offset ?? -1) ||
      compareIds(a.nodeId, b.nodeId),
  );
  return ranked[0].nodeId;
}

/** Code-unit order: the same answer on every machine, whatever its locale. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
