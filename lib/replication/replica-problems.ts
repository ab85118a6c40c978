import type { GroupContext } from "./group-context";
import { groupLabel } from "./group-context";
import { isLive, isPrimaryHealthy, isReplica, type ReplicaGroupMember } from "./members";
import type { ReplicaLinkDownProblem, ReplicationLagProblem, ReplicationProblem, WrongFollowerProblem } from "./problems";
import { problemKey } from "./problems";

/**
 * Per-replica problems. Only replicas whose report is current are judged (healthy or suspect;
 * a down node's last report is stale, maintenance is silenced on purpose).
 */
export function findReplicaProblems(context: GroupContext): ReplicationProblem[] {
  return context.members
    .filter((member) => isReplica(member) && !member.isRecognisedPrimary && isLive(member.state))
    .flatMap((replica): (ReplicationProblem | null)[] => [
      findWrongFollower(context, replica),
      findReplicationLag(context, replica),
      findLinkDown(context, replica),
    ])
    .filter((problem): problem is ReplicationProblem => problem !== null);
}

function common(context: GroupContext, kind: ReplicationProblem["kind"], replica: ReplicaGroupMember) {
  return {
    key: problemKey(kind, context.groupId, context.implicit, replica.nodeId),
    subject: replica.nodeId,
    groupId: context.groupId,
    implicit: context.implicit,
    nodeId: replica.nodeId,
  };
}

/**
 * Follows someone other than the recognised primary, or nobody while there is a healthy one
 * (following nobody while the primary is out is what a replica does; no_healthy_primary says it).
 */
function findWrongFollower(context: GroupContext, replica: ReplicaGroupMember): WrongFollowerProblem | null {
  const { primary, settings } = context;
  if (primary === null) return null;
  const expected = primary.nodeId;
  // A replica that reported nothing yet (declared role only) cannot be judged.
  if (replica.reportedRole === null) return null;
  if (replica.following === expected) return null;
  if (replica.following === null && !isPrimaryHealthy(primary.state, settings)) return null;
  const what = replica.following === null ? "follows no primary" : `follows ${replica.following}`;
  return {
    kind: "wrong_follower",
    ...common(context, "wrong_follower", replica),
    severity: "warning",
    message: `replica ${replica.nodeId} in ${groupLabel(context)} ${what}, not the recognised primary ${expected}`,
    detail: { following: replica.following, expected },
  };
}

function findReplicationLag(context: GroupContext, replica: ReplicaGroupMember): ReplicationLagProblem | null {
  const thresholdMs = context.settings.lagThresholdMs;
  if (replica.lagMs === null || replica.lagMs <= thresholdMs) return null;
  return {
    kind: "replication_lag",
    ...common(context, "replication_lag", replica),
    severity: "warning",
    message: `replica ${replica.nodeId} in ${groupLabel(context)} lags more than ${formatMs(thresholdMs)} behind ${replica.following ?? "its primary"}`,
    detail: { lagMs: replica.lagMs, thresholdMs, offsetLag: replica.offsetLag, following: replica.following },
  };
}

/**
 * A replica's link down this briefly is the (re)sync after a follow (a failover, a switchover),
 * not a problem. While the link is down, an agent reports how long as the replica's lag.
 */
export const LINK_RESYNC_GRACE_MS = 5_000;

/** A healthy replica says its replication link has been down longer than a resync takes. */
function findLinkDown(context: GroupContext, replica: ReplicaGroupMember): ReplicaLinkDownProblem | null {
  if (replica.state !== "healthy" || replica.linkUp !== false) return null;
  if (replica.lagMs !== null && replica.lagMs < LINK_RESYNC_GRACE_MS) return null;
  return {
    kind: "replica_link_down",
    ...common(context, "replica_link_down", replica),
    severity: "warning",
    message: `replica ${replica.nodeId} in ${groupLabel(context)} reports its replication link to ${replica.following ?? "its primary"} down`,
    detail: { following: replica.following, lagMs: replica.lagMs },
  };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
