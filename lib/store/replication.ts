import "server-only";
import type { ReplicaGroupList } from "../protocol/api/replica-groups";
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
