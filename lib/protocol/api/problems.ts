import { z } from "zod";
import { msSchema } from "./shared";

/**
 * `GET /api/v1/problems` (also pushed on `/ui` as `problems:changed`): what is wrong now, one
 * line per root cause, each tied to what Vigil is doing about it, and Vigil's own health.
 */

export const PROBLEM_KINDS = ["vigil", "partition", "alert", "incident", "freeze", "block", "recovery"] as const;
export const problemKindSchema = z.enum(PROBLEM_KINDS);
export type ProblemKind = z.infer<typeof problemKindSchema>;

/** critical = red, warning = amber, info = sky (in progress, or winding down: not a problem to act on). */
export const problemSeveritySchema = z.enum(["critical", "warning", "info"]);
export type ProblemSeverity = z.infer<typeof problemSeveritySchema>;

/** What a root-cause line collapsed: one click away. */
export const problemMemberLinkSchema = z.object({ label: z.string(), count: z.number().int().nonnegative(), href: z.string() });
export type ProblemMemberLink = z.infer<typeof problemMemberLinkSchema>;

export const problemLineSchema = z.object({
  /** Stable while the cause lasts (a React key, and what a test or a link may point at). */
  id: z.string(),
  kind: problemKindSchema,
  severity: problemSeveritySchema,
  title: z.string(),
  detail: z.string().nullable(),
  /** What Vigil is doing about it ("recovery frozen: blast radius", "promoting n3"), when anything. */
  doing: z.string().nullable(),
  /** Where it is handled. */
  href: z.string(),
  /** How many things the line stands for (nodes of a partitioned zone, alerts of one rule, …). */
  count: z.number().int().nonnegative(),
  since: msSchema.nullable(),
  members: z.array(problemMemberLinkSchema),
});
export type ProblemLine = z.infer<typeof problemLineSchema>;

export const VIGIL_CONDITION_KINDS = ["overloaded", "stalled", "ingest-backlog", "detection-grace", "not-leader", "leadership-lost", "database-errors"] as const;
export const vigilConditionSchema = z.object({
  kind: z.enum(VIGIL_CONDITION_KINDS),
  severity: problemSeveritySchema,
  message: z.string(),
});
export type VigilCondition = z.infer<typeof vigilConditionSchema>;

/** This instance's own health: the same sources as /metrics (lag, backlog, grace, node writes queued) and the lease. */
export const vigilHealthSchema = z.object({
  /** ok = green; warning = amber (grace after a start, a lost lease); critical = red (overloaded, stalled, database refusing writes). */
  level: z.enum(["ok", "warning", "critical"]),
  /** False while down/suspect verdicts may be false (overloaded, stalled, behind, in grace). */
  verdictsReliable: z.boolean(),
  conditions: z.array(vigilConditionSchema),
  instanceId: z.string(),
  leader: z.boolean(),
  eventLoopLagMs: z.number(),
  ingestBacklogMs: z.number(),
  nodeWritesQueued: z.number(),
  nodeWriteFailures: z.number(),
});
export type VigilHealth = z.infer<typeof vigilHealthSchema>;

export const problemCountsSchema = z.object({
  /** Incidents not resolved (open or acknowledged). */
  incidents: z.number().int().nonnegative(),
  criticalAlerts: z.number().int().nonnegative(),
  /** Freezes and blocks of recovery. */
  held: z.number().int().nonnegative(),
  /** Recovery actions running or awaiting approval. */
  recoveries: z.number().int().nonnegative(),
});
export type ProblemCounts = z.infer<typeof problemCountsSchema>;

export const problemsViewSchema = z.object({
  at: msSchema,
  /** No critical or warning line: the Overview says "All clear" (info lines may still show). */
  allClear: z.boolean(),
  lines: z.array(problemLineSchema),
  counts: problemCountsSchema,
  /** Null where no runtime runs (a script reading the store). */
  health: vigilHealthSchema.nullable(),
});
export type ProblemsView = z.infer<typeof problemsViewSchema>;
