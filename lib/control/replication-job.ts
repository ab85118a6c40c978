import "server-only";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Db } from "../store/prisma";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus, type GroupMemory, type ReplicaGroupStatus } from "../replication";
import { syncIncidents } from "../store/incidents";
import { loadGroupMemory, saveGroupMemory } from "../store/replication";

const REPLICATION_CHECK_MS = 2_000;

/**
 * Judges every replica group from the live fleet (recognised primary, epoch, lag, followers) and
 * keeps the replication incidents in step: opened when a problem appears, resolved when it clears.
 */
export function startReplicationJob(deps: { db: Db; fleet: LiveFleet; onIncidents?: (opened: number, resolved: number) => void }): {
  stop: () => void;
  /** The latest judgement of every replica group (empty until the first check). */
  latest: () => readonly ReplicaGroupStatus[];
  /** Judges the groups now: recovery plans on this, not on a view up to a check period old. */
  refresh: () => Promise<readonly ReplicaGroupStatus[]>;
} {
  const { db, fleet } = deps;
  let memory: GroupMemory | null = null;
  let savedMemory = "";
  let running: Promise<void> | null = null;
  let latest: readonly ReplicaGroupStatus[] = [];

  const check = (): Promise<void> => {
    running ??= judge().finally(() => {
      running = null;
    });
    return running;
  };

  const judge = async () => {
    try {
      memory ??= await loadGroupMemory(db);
      const now = Date.now();
      const status = replicaGroupStatus(fleet.views(), memory, now, DEFAULT_REPLICATION_SETTINGS);
      memory = status.memory;
      latest = status.groups;
      const serialized = JSON.stringify({ ...status.memory, groups: Object.fromEntries(Object.entries(status.memory.groups).map(([k, v]) => [k, { ...v, lastSeenAt: 0 }])) });
      // lastSeenAt moves every tick; persist only when a primary or an epoch changed (or hourly via restart).
      if (serialized !== savedMemory) {
        await saveGroupMemory(db, status.memory);
        savedMemory = serialized;
      }
      const { opened, resolved } = await syncIncidents(db, "replication", status.problems, now);
      if (opened.length || resolved.length) deps.onIncidents?.(opened.length, resolved.length);
    } catch (error) {
      console.error("[replication] check failed", error);
    }
  };
  const timer = setInterval(() => void check(), REPLICATION_CHECK_MS);
  return {
    stop: () => clearInterval(timer),
    latest: () => latest,
    refresh: async () => {
      // A check under way may have read the fleet before the change that asks for this one.
      if (running) await running;
      await check();
      return latest;
    },
  };
}
