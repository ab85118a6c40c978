import { z } from "zod";

/** What one planning round hands to the next (stored by the caller as JSON). */
const time = z.number();

export const restartMemorySchema = z.object({
  /** When the current unhealthy episode began; null while none is open. */
  episodeStartedAt: time.nullable(),
  /** Restarts issued in the current episode (drives the backoff). */
  count: z.number().int().min(0),
  lastRestartAt: time.nullable(),
  /** Times of issued restarts, kept for the budget window. */
  history: z.array(time),
  unhealthySince: time.nullable(),
  healthySince: time.nullable(),
  escalatedAt: time.nullable(),
});
export type RestartMemory = z.infer<typeof restartMemorySchema>;

export const failoverAttemptSchema = z.object({
  nodeId: z.string(),
  actionId: z.string(),
  issuedAt: time,
  /** When the promote was seen executing; the verify clock runs from here. */
  startedAt: time.nullable(),
  outcome: z.enum(["pending", "failed", "verified"]),
});
export type FailoverAttempt = z.infer<typeof failoverAttemptSchema>;

export const failoverMemorySchema = z.object({
  planId: z.string(),
  phase: z.enum(["promoting", "completed", "escalated"]),
  oldPrimaryId: z.string(),
  /** When the old primary went down: candidates' link sightings are judged against it. */
  primaryDownSince: time,
  fromEpoch: z.number().int(),
  newEpoch: z.number().int(),
  startedAt: time,
  attempts: z.array(failoverAttemptSchema),
  promotedId: z.string().nullable(),
  completedAt: time.nullable(),
  /** Members told to follow the new primary. */
  followed: z.array(z.string()),
  antiFlapAcknowledged: z.boolean(),
});
export type FailoverMemory = z.infer<typeof failoverMemorySchema>;

export const plannerStateSchema = z.object({
  version: z.literal(1),
  restarts: z.record(z.string(), restartMemorySchema),
  /** Per node: the last time it was live and reported its replication link up. */
  linkSeenAt: z.record(z.string(), time),
  failovers: z.record(z.string(), failoverMemorySchema),
  /** Groups Vigil took off the ring, with the weight to restore. */
  ringRemovals: z.record(z.string(), z.object({ removedAt: time, weight: z.number() })),
  hot: z.record(z.string(), z.object({ since: time, lastReweightAt: time.nullable() })),
  blastRadius: z.object({ since: time, clearSince: time.nullable(), reason: z.string() }).nullable(),
  bucket: z.object({ tokens: z.number(), updatedAt: time }).nullable(),
  /** Ids of blocks and freezes open after the last round: an event is raised only when one opens. */
  openBlocks: z.array(z.string()),
  openFreezes: z.array(z.string()),
});
export type PlannerState = z.infer<typeof plannerStateSchema>;

export function emptyPlannerState(): PlannerState {
  return {
    version: 1,
    restarts: {},
    linkSeenAt: {},
    failovers: {},
    ringRemovals: {},
    hot: {},
    blastRadius: null,
    bucket: null,
    openBlocks: [],
    openFreezes: [],
  };
}

/**
 * States the planner itself produced: handed back round after round by the caller, they need no
 * validation (which cost more than the round itself at 10,000 nodes). Stored or foreign state
 * still goes through the schema.
 */
const produced = new WeakSet<object>();

export function markProduced(state: PlannerState): PlannerState {
  produced.add(state);
  return state;
}

/** Reads stored state back; a missing or foreign shape starts afresh (no history: the most cautious start). */
export function parsePlannerState(stored: unknown): PlannerState {
  if (stored === null || stored === undefined) return emptyPlannerState();
  if (typeof stored === "object" && produced.has(stored)) return stored as PlannerState;
  const parsed = plannerStateSchema.safeParse(typeof stored === "string" ? safeJson(stored) : stored);
  return parsed.success ? parsed.data : emptyPlannerState();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Plans the planner still drives although none of their actions may be running (a failover awaiting verification). */
export function plansInProgress(state: PlannerState): Set<string> {
  return new Set(Object.values(state.failovers).flatMap((memory) => (memory.phase === "promoting" ? [memory.planId] : [])));
}
