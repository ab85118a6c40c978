import "server-only";
import type { ReplicaGroupList, ReplicaGroupQuery, ReplicaGroupSummary, ReplicaGroupView } from "../protocol/api/replica-groups";
import type { Db } from "./prisma";
import { DEFAULT_REPLICATION_SETTINGS, emptyGroupMemory, parseGroupMemory, replicaGroupStatus, type GroupMemory } from "../replication";
import { listIncidents } from "./incidents";
import { currentNodeViews } from "./nodes";

const MEMORY_KEY = "replication.memory";

export async function loadGroupMemory(db: Db): Promise<GroupMemory> {
  const row = await db.jobState.findUnique({ where: { key: MEMORY_KEY } });
  return (row && parseGroupMemory(JSON.parse(row.value))) || emptyGroupMemory();
}

export async function saveGroupMemory(db: Db, memory: GroupMemory): Promise<void> {
  const value = JSON.stringify(memory);
  await db.jobState.upsert({ where: { key: MEMORY_KEY }, create: { key: MEMORY_KEY, value }, update: { value } });
}

/**
 * Replica groups as stored now: the same pure status the control loop computes, over the node
 * rows and the recognised primaries and epochs it saved, plus each group's open incidents.
 */
export async function listReplicaGroups(db: Db, now: number): Promise<ReplicaGroupList> {
  const [nodes, memory, open] = await Promise.all([currentNodeViews(db), loadGroupMemory(db), listIncidents(db, { limit: 1000 })]);
  const { groups } = replicaGroupStatus(nodes, memory, now, DEFAULT_REPLICATION_SETTINGS);
  const active = open.items.filter((incident) => incident.status !== "resolved" && incident.key.startsWith("replication:"));
  return {
    items: groups.map((group) => ({
      ...group,
      incidents: active.filter((incident) => incident.key.endsWith(`:${group.key}`) || incident.key.includes(`:${group.key}:`)),
    })),
  };
}

const SEVERITY_RANK: Record<string, number> = { critical: 3, warning: 2, info: 1 };

/** 0 when the group has neither a problem nor an open incident; otherwise the rank of the worst. */
function troubleRank(group: ReplicaGroupView): number {
  let rank = 0;
  for (const item of [...group.problems, ...group.incidents]) rank = Math.max(rank, SEVERITY_RANK[item.severity] ?? 1);
  return rank;
}

const isOn = (value: string | undefined) => value === "1" || value === "true";

/**
 * One page of replica groups for a dashboard: filtered, troubled first (worst severity, then
 * their order in the status), with the total that passed and counts over all groups. The page is
 * cut before it is sent, so a browser watching thousands of groups polls a few kilobytes.
 */
export async function listReplicaGroupsPage(db: Db, now: number, query: ReplicaGroupQuery & { limit: number }): Promise<ReplicaGroupList> {
  return pageReplicaGroups((await listReplicaGroups(db, now)).items, query);
}

/** The paging of listReplicaGroupsPage, on groups already listed (pure, for tests). */
export function pageReplicaGroups(items: readonly ReplicaGroupView[], query: ReplicaGroupQuery & { limit: number }): ReplicaGroupList {
  const summary: ReplicaGroupSummary = { declared: 0, singles: 0, troubled: 0, critical: 0 };
  const needle = query.q?.trim().toLowerCase() ?? "";
  const onlyProblems = isOn(query.problems);
  const withSingles = isOn(query.singles);
  const passing: { group: ReplicaGroupView; rank: number; order: number }[] = [];
  items.forEach((group, order) => {
    const rank = troubleRank(group);
    if (group.implicit) summary.singles += 1;
    else summary.declared += 1;
    if (rank > 0) summary.troubled += 1;
    if (rank === SEVERITY_RANK.critical) summary.critical += 1;
    if (group.implicit && !withSingles) return;
    if (onlyProblems && rank === 0) return;
    if (needle && !group.id.toLowerCase().includes(needle) && !group.members.some((member) => member.nodeId.toLowerCase().includes(needle))) return;
    passing.push({ group, rank, order });
  });
  passing.sort((a, b) => b.rank - a.rank || a.order - b.order);
  return {
    items: passing.slice(query.offset, query.offset + query.limit).map((entry) => entry.group),
    total: passing.length,
    summary,
  };
}
