import "server-only";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Db } from "../store/prisma";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus, settleProblems, type GroupMemory, type ReplicaGroupStatus } from "../replication";
import { syncIncidents } from "../store/incidents";
import { loadGroupMemory, saveGroupMemory } from "../store/replication";

const REPLICATION_CHECK_MS = 2_000;

/**
 * Judges every replica group from the live fleet (recognised primary, epoch, lag, followers) and
 * keeps the replication incidents in step: opened when a problem appears, resolved when it clears.
 * While detection distrusts its own view (start grace, stall, clock jump, backlog) incidents are
 * left as they are, and a group whose members have not all reported opens no primary problem yet
 * (`settleProblems`): at a start, agents that have not said hello must not page as lost primaries.
 */
export function startReplicationJob(deps: {
  db: Db;
  fleet: LiveFleet;
  onIncidents?: (opened: number, resolved: number) => void;
  /** The judged groups differ from the last check, or incidents opened or resolved: browsers refetch (throttled by the UI feed). */
  onChange?: () => void;
  /** The control loop's self-check: until when this process distrusts its own view. */
  distrust?: () => { frozenUntil: number | null };
}): {
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
  let distrustedUntil: number | null = null;
  /** Problem keys synced last time: those stay reported while their group settles. */
  let reportedKeys = new Set<string>();
  let latestJson = "";

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
      const nodes = fleet.views();
      const status = replicaGroupStatus(nodes, memory, now, DEFAULT_REPLICATION_SETTINGS);
      memory = status.memory;
      latest = status.groups;
      const serialized = JSON.stringify({ ...status.memory, groups: Object.fromEntries(Object.entries(status.memory.groups).map(([k, v]) => [k, { ...v, lastSeenAt: 0 }])) });
      // lastSeenAt moves every tick; persist only when a primary or an epoch changed (or hourly via restart).
      if (serialized !== savedMemory) {
        await saveGroupMemory(db, status.memory);
        savedMemory = serialized;
      }
      const until = deps.distrust?.().frozenUntil ?? null;
      if (until !== null) distrustedUntil = Math.max(distrustedUntil ?? until, until);
      const settled = settleProblems({ now, problems: status.problems, groups: status.groups, nodes, distrustedUntil, reportedKeys });
      const { opened, resolved } = settled.sync ? await syncIncidents(db, "replication", settled.report, now) : { opened: [], resolved: [] };
      if (settled.sync) reportedKeys = new Set(settled.report.map((problem) => problem.key));
      if (opened.length || resolved.length) deps.onIncidents?.(opened.length, resolved.length);
      if (deps.onChange) {
        // Heartbeat times move every tick and are not what a page shows; offsets and lag are.
        const json = JSON.stringify(status.groups, (key, value) => (key === "lastHeartbeatAt" ? undefined : value));
        if (json !== latestJson || opened.length || resolved.length) deps.onChange();
        latestJson = json;
      }
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
