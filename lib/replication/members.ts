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
  /** The member it follows: as its agent names it, else the member whose address it follows. */
  following: string | null;
  /** The data store's "host:port" as its agent reports it (what peers reach it at). */
  reportedAddress: string | null;
  /**
   * The reported address when no other member of the group claims it too: what a follow of this
   * member is sent. An address two members claim is ambiguous (an impostor or a misconfigured
   * announce address) and used for neither.
   */
  address: string | null;
  /** The address its data store follows, as reported. */
  followingAddress: string | null;
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
    reportedAddress: reported?.address ?? null,
    address: reported?.address ?? null,
    followingAddress: reported?.followingAddress ?? null,
    isRecognisedPrimary: false,
  };
}

/** Hosts compare case-insensitively: "Redis-1:6379" and "redis-1:6379" are one data store. */
export function addressKey(address: string): string {
  return address.toLowerCase();
}

/**
 * The members of one group with their addresses resolved against each other: an address claimed
 * by two members is used for neither, and a replica whose agent does not name the member it
 * follows is mapped to the member whose (unambiguous) address it follows.
 */
export function toMembers(nodes: readonly NodeView[]): ReplicaGroupMember[] {
  const members = nodes.map(toMember);
  const claims = new Map<string, number>();
  for (const member of members) {
    if (member.reportedAddress === null) continue;
    const key = addressKey(member.reportedAddress);
    claims.set(key, (claims.get(key) ?? 0) + 1);
  }
  const byAddress = new Map<string, string>();
  for (const member of members) {
    if (member.reportedAddress === null) continue;
    if (claims.get(addressKey(member.reportedAddress)) === 1) byAddress.set(addressKey(member.reportedAddress), member.nodeId);
    else member.address = null;
  }
  for (const member of members) {
    if (member.following !== null || member.followingAddress === null) continue;
    const leader = byAddress.get(addressKey(member.followingAddress));
    if (leader !== undefined && leader !== member.nodeId) member.following = leader;
  }
  return members;
}

/** The other members that report the same address as `member` (empty when it is unambiguous). */
export function addressClaimants(member: Pick<ReplicaGroupMember, "nodeId" | "reportedAddress">, members: readonly ReplicaGroupMember[]): string[] {
  const reported = member.reportedAddress;
  if (reported === null) return [];
  return members.filter((other) => other.nodeId !== member.nodeId && other.reportedAddress !== null && addressKey(other.reportedAddress) === addressKey(reported)).map((other) => other.nodeId);
}

/** Members with their resolved addresses, as the `membership` event gives them to a group's agents. */
export function membershipOf(nodes: readonly NodeView[]): { nodeId: string; address: string | null }[] {
  return toMembers(nodes)
    .map((member) => ({ nodeId: member.nodeId, address: member.address }))
    .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
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

/** Where a follow of `targetId` in this group is sent, or why it cannot be (never sent without an address). */
export function followTargetAddress(groupId: string, nodes: readonly NodeView[], targetId: string): { host: string; port: number } | { error: string } {
  const members = toMembers(nodes);
  const target = members.find((member) => member.nodeId === targetId);
  if (!target) return { error: `cannot follow ${targetId}: it is not a member of ${groupId}` };
  if (target.reportedAddress === null) return { error: `cannot follow ${targetId}: its data address is unknown (its agent reports none), and a follow is never sent without one` };
  if (target.address === null) {
    return { error: `cannot follow ${targetId}: its data address ${target.reportedAddress} is ambiguous (${addressClaimants(target, members).join(", ")} report it too)` };
  }
  const match = /^\[?([^\]]+)\]?:(\d{1,5})$/.exec(target.address);
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) return { error: `cannot follow ${targetId}: its data address ${target.address} is not host:port` };
  return { host: match[1], port };
}
