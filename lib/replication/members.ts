import type { NodeState, ReplicaRole } from "../protocol/common";
import type { NodeView } from "../protocol/views";
import type { ReplicationSettings } from "./settings";

/** One node as a member of its replica group. */
export type ReplicaGroupMember = {
  nodeId: string;
  zone: string | null;
  state: NodeState;
  connected: boolean;
  lastHeartbeatAt: number | null;
  /** The role the node declared in its hello. */
  declaredRole: ReplicaRole | null;
  /** The role its latest heartbeat reported. */
  reportedRole: ReplicaRole | null;
  /** The reported role, or the declared one while nothing was reported: what the checks use. */
  role: ReplicaRole | null;
  offset: number | null;
  lagMs: number | null;
  /** How far (bytes/ops) this replica's offset is behind the recognised primary's; null for primaries. */
  offsetLag: number | null;
  linkUp: boolean | null;
  following: string | null;
  isRecognisedPrimary: boolean;
  /** The highest fencing epoch the member's agent has seen: the group's epoch never stays below it. */
  fencingEpoch?: number | null;
};

export function toMember(node: NodeView): ReplicaGroupMember {
  const reported = node.replication;
  return {
    nodeId: node.id,
    zone: node.zone,
    fencingEpoch: node.fencingEpoch ?? null,
    state: node.state,
    connected: node.connected,
    lastHeartbeatAt: node.lastHeartbeatAt,
    declaredRole: node.role,
    reportedRole: reported?.role ?? null,
    role: reported?.role ?? node.role,
    offset: reported?.offset ?? null,
    lagMs: reported?.lagMs ?? null,
    offsetLag: null,
    linkUp: reported?.linkUp ?? null,
    following: reported?.following ?? null,
    isRecognisedPrimary: false,
  };
}

/** Healthy enough to serve as primary (suspect counts only when the settings say so). */
export function isPrimaryHealthy(state: NodeState, settings: ReplicationSettings): boolean {
  if (state === "healthy") return true;
  return state === "suspect" && !settings.suspectPrimaryIsUnhealthy;
}

/** Its latest report is current enough to judge (healthy or suspect, not down/unknown/maintenance). */
export function isLive(state: NodeState): boolean {
  return state === "healthy" || state === "suspect";
}

export function isReplica(member: ReplicaGroupMember): boolean {
  return member.role === "replica";
}

/** Fills in primary-relative fields once the recognised primary is known. */
export function relateToPrimary(member: ReplicaGroupMember, primary: ReplicaGroupMember | null): ReplicaGroupMember {
  const isRecognisedPrimary = primary !== null && member.nodeId === primary.nodeId;
  const offsetLag =
    isReplica(member) && !isRecognisedPrimary && primary?.offset != null && member.offset !== null
      ? Math.max(0, primary.offset - member.offset)
      : null;
  return { ...member, isRecognisedPrimary, offsetLag };
}
