import type { NodeView } from "../protocol/views";
import type { GroupContext } from "./group-context";
import { groupKey } from "./group-key";
import { findNoHealthyPrimary, findSingleZone, findSplitBrain } from "./group-problems";
import { isLive, isReplica, relateToPrimary, toMembers, type ReplicaGroupMember } from "./members";
import { keepRecentAbsentGroups, type GroupMemory, type GroupMemoryEntry } from "./memory";
import type { ReplicationProblem } from "./problems";
import { compareIds, recognisePrimary } from "./recognise-primary";
import { findReplicaProblems } from "./replica-problems";
import type { ReplicationSettings } from "./settings";

export type ReplicaGroupStatus = {
  /** The declared group name, or the node id for a node that declares no group. */
  id: string;
  /** A node that declares no group: a group of one. */
  implicit: boolean;
  /** Identity in memory and problem keys (`group=<id>` or `node=<id>`). */
  key: string;
  epoch: number;
  /** The primary Vigil recognises, or null when no member claims the role. */
  primaryId: string | null;
  primarySince: number | null;
  /** Recognised primary first, then by node id. */
  members: ReplicaGroupMember[];
  /** Distinct zones of the members, sorted. */
  zones: string[];
  memberCount: number;
  healthyCount: number;
  /** Highest lag among replicas with a current report; null when there is none. */
  maxLagMs: number | null;
  problems: ReplicationProblem[];
};

export type ReplicaGroupStatusResult = {
  groups: ReplicaGroupStatus[];
  /** Every group's problems, in group order. */
  problems: ReplicationProblem[];
  /** Hand to the next call (serialisable JSON). */
  memory: GroupMemory;
};

/**
 * Groups nodes into replica groups, recognises each group's primary (stable across calls via
 * `previous`), measures its replicas and lists what is wrong. Pure: `now` only stamps memory.
 */
export function replicaGroupStatus(
  nodes: readonly NodeView[],
  previous: GroupMemory | null,
  now: number,
  settings: ReplicationSettings,
): ReplicaGroupStatusResult {
  const byKey = groupNodes(nodes);
  const memoryGroups: Record<string, GroupMemoryEntry> = {};
  const groups: ReplicaGroupStatus[] = [];
  for (const [key, group] of byKey) {
    const status = buildGroupStatus(group, key, previous?.groups[key], now, settings);
    memoryGroups[key] = status.entry;
    groups.push(status.status);
  }
  const absent = keepRecentAbsentGroups(previous, new Set(byKey.keys()), now, settings.forgetAbsentGroupAfterMs);
  groups.sort((a, b) => Number(a.implicit) - Number(b.implicit) || compareIds(a.id, b.id));
  return {
    groups,
    problems: groups.flatMap((group) => group.problems),
    memory: { version: 1, groups: { ...absent, ...memoryGroups } },
  };
}

type NodeGroup = { id: string; implicit: boolean; nodes: NodeView[] };

function groupNodes(nodes: readonly NodeView[]): Map<string, NodeGroup> {
  const byKey = new Map<string, NodeGroup>();
  for (const node of nodes) {
    const implicit = node.group === null;
    const id = node.group ?? node.id;
    const key = groupKey(id, implicit);
    const group = byKey.get(key);
    if (group) group.nodes.push(node);
    else byKey.set(key, { id, implicit, nodes: [node] });
  }
  return byKey;
}

function buildGroupStatus(
  group: NodeGroup,
  key: string,
  previous: GroupMemoryEntry | undefined,
  now: number,
  settings: ReplicationSettings,
): { status: ReplicaGroupStatus; entry: GroupMemoryEntry } {
  const unrelated = toMembers(group.nodes);
  const { primaryId, entry } = recognisePrimary(unrelated, previous, now, settings);
  const primary = unrelated.find((member) => member.nodeId === primaryId) ?? null;
  const members = unrelated.map((member) => relateToPrimary(member, primary)).sort(primaryFirst);
  const context: GroupContext = {
    groupId: group.id,
    implicit: group.implicit,
    epoch: entry.epoch,
    members,
    primary: members.find((member) => member.isRecognisedPrimary) ?? null,
    settings,
  };
  const problems = [findNoHealthyPrimary(context), findSplitBrain(context), ...findReplicaProblems(context), findSingleZone(context)].filter(
    (problem): problem is ReplicationProblem => problem !== null,
  );
  const status: ReplicaGroupStatus = {
    id: group.id,
    implicit: group.implicit,
    key,
    epoch: entry.epoch,
    primaryId,
    primarySince: primaryId === null ? null : entry.primarySince,
    members,
    zones: distinctZones(members),
    memberCount: members.length,
    healthyCount: members.filter((member) => member.state === "healthy").length,
    maxLagMs: maxReplicaLag(members),
    problems,
  };
  return { status, entry };
}

function primaryFirst(a: ReplicaGroupMember, b: ReplicaGroupMember): number {
  return Number(b.isRecognisedPrimary) - Number(a.isRecognisedPrimary) || compareIds(a.nodeId, b.nodeId);
}

function distinctZones(members: readonly ReplicaGroupMember[]): string[] {
  const zones = members.map((member) => member.zone).filter((zone): zone is string => zone !== null);
  return [...new Set(zones)].sort(compareIds);
}

function maxReplicaLag(members: readonly ReplicaGroupMember[]): number | null {
  const lags = members.flatMap((member) => (isReplica(member) && isLive(member.state) && member.lagMs !== null ? [member.lagMs] : []));
  return lags.length === 0 ? null : Math.max(...lags);
}
