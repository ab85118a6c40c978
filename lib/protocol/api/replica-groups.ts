import { z } from "zod";
import type { ReplicaGroupStatus } from "../../replication";
import { SWITCHOVER_STEPS } from "../../recovery/switchover";
import { incidentViewSchema } from "./incidents";
import { itemsOf, opaque } from "./shared";

/** `GET /api/v1/replica-groups`: the pure status the control loop computes, plus each group's open incidents. */

// The pure core owns these; lib/store builds the view by spreading its ReplicaGroupStatus, so tsc keeps this schema in step.
type ReplicaGroupMember = ReplicaGroupStatus["members"][number];
type ReplicationProblem = ReplicaGroupStatus["problems"][number];

export const replicaGroupViewSchema = z.object({
  /** The declared group name, or the node id for a node that declares no group. */
  id: z.string(),
  implicit: z.boolean(),
  key: z.string(),
  epoch: z.number(),
  primaryId: z.string().nullable(),
  primarySince: z.number().nullable(),
  members: z.array(opaque<ReplicaGroupMember>("A member: nodeId, role, state, replication offset and lag (lib/replication)")),
  zones: z.array(z.string()),
  memberCount: z.number(),
  healthyCount: z.number(),
  maxLagMs: z.number().nullable(),
  problems: z.array(opaque<ReplicationProblem>("A replication problem (lib/replication/problems.ts)")),
  incidents: z.array(incidentViewSchema),
});
export type ReplicaGroupView = z.infer<typeof replicaGroupViewSchema>;

/** Counts over every group, whatever the page and filters. */
export const replicaGroupSummarySchema = z.object({
  /** Groups declared by their members (nodes without a group are not counted here). */
  declared: z.number(),
  /** Nodes that declare no group (each is an implicit group of one). */
  singles: z.number(),
  /** Groups (declared or not) with a problem or an open incident. */
  troubled: z.number(),
  /** Of those, the ones whose worst problem or incident is critical. */
  critical: z.number(),
});
export type ReplicaGroupSummary = z.infer<typeof replicaGroupSummarySchema>;

const flag = z.enum(["0", "1", "true", "false"]).optional();

/**
 * Without `limit` the answer lists every group (as it always has). With `limit`, one page of the
 * groups that pass the filters, troubled ones first (worst severity, then id), plus `total` (how
 * many pass) and `summary`: what a dashboard of thousands of groups shows without fetching them all.
 */
export const replicaGroupQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  /** Group id or member node id contains this (case-insensitive). */
  q: z.string().max(200).optional(),
  /** Only groups with a problem or an open incident. */
  problems: flag,
  /** Include nodes without a group (implicit groups of one); they are left out of a page otherwise. */
  singles: flag,
});
export type ReplicaGroupQuery = z.infer<typeof replicaGroupQuerySchema>;

export const replicaGroupListSchema = itemsOf(replicaGroupViewSchema).extend({
  /** Only with `limit`: groups passing the filters, across all pages. */
  total: z.number().optional(),
  /** Only with `limit`. */
  summary: replicaGroupSummarySchema.optional(),
});
export type ReplicaGroupList = z.infer<typeof replicaGroupListSchema>;

/**
 * A planned switchover: `GET /api/v1/replica-groups/{id}/switchover` previews it (ranking,
 * preflight, guards, and the group's latest switchover with its timeline);
 * `POST` requests it, recorded and run by the recovery loop like a failover (guards, hooks,
 * fencing, approval mode, audit). `at` (ms since the epoch) is "not before".
 */
export const switchoverRequestSchema = z.object({
  /** The replica to promote; the best-ranked eligible one when absent. */
  target: z.string().min(1).max(128).optional(),
  /** The lag limit for the ranking (default: the group's failover policy). */
  maxLagMs: z.number().int().min(0).max(3_600_000).optional(),
  at: z.number().int().min(0).optional(),
  /** How long writes may stay paused before the promotion (default 3 s); the switchover aborts past it. */
  deadlineMs: z.number().int().min(200).max(60_000).optional(),
  reason: z.string().trim().min(1).max(500).default("planned switchover"),
  /** Overrides the guards that can be overridden (an operator's then waits for an admin). */
  force: z.boolean().default(false),
});
export type SwitchoverRequest = z.infer<typeof switchoverRequestSchema>;

export const switchoverPreviewQuerySchema = z.object({
  target: z.string().min(1).max(128).optional(),
  maxLagMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
});
export type SwitchoverPreviewQuery = z.infer<typeof switchoverPreviewQuerySchema>;

const guardViolation = z.object({ guard: z.string(), message: z.string(), overridable: z.boolean() });
const candidate = z.object({ nodeId: z.string(), eligible: z.boolean(), rank: z.number().nullable(), reasons: z.array(z.string()) });

/** One step of a switchover as it happened (ms relative to its start). */
export const switchoverStepSchema = z.object({
  step: z.enum(SWITCHOVER_STEPS),
  node: z.string().nullable(),
  startMs: z.number(),
  durationMs: z.number(),
  ok: z.boolean(),
  detail: z.string(),
});
export type SwitchoverStepView = z.infer<typeof switchoverStepSchema>;

/** A switchover action with its live timeline. */
export const switchoverRunSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  state: z.string(),
  fromId: z.string().nullable(),
  targetId: z.string(),
  epoch: z.number(),
  step: z.string(),
  reason: z.string(),
  /** "approval": any operator may approve; "admin": it overrides guards; null: none needed. */
  awaiting: z.enum(["approval", "admin"]).nullable(),
  at: z.number().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  outcome: z.string().nullable(),
  timeline: z.array(switchoverStepSchema),
  /** Writes paused on the old primary, from the pause to the unpause; null until both ran. */
  writePauseMs: z.number().nullable(),
});
export type SwitchoverRun = z.infer<typeof switchoverRunSchema>;

export const switchoverPreviewSchema = z.object({
  groupId: z.string(),
  epoch: z.number(),
  newEpoch: z.number(),
  primaryId: z.string().nullable(),
  targetId: z.string().nullable(),
  candidates: z.array(candidate),
  followers: z.array(z.string()),
  /** Preflight problems: while any is listed the switchover cannot start (force does not lift them). */
  problems: z.array(z.string()),
  /** Guards in the way; `force` with a reason overrides them. */
  violations: z.array(guardViolation),
  addresses: z.record(z.string(), z.string().nullable()),
  /** The group's policy mode: "approval" makes a request wait for an operator's approval. */
  mode: z.string(),
  /** The group's latest switchover (running, waiting or finished), for live progress. */
  latest: switchoverRunSchema.nullable(),
});
export type SwitchoverPreviewView = z.infer<typeof switchoverPreviewSchema>;

export const createdSwitchoverSchema = z.object({
  id: z.string(),
  state: z.enum(["running", "planned"]),
  epoch: z.number(),
  fromId: z.string(),
  targetId: z.string(),
  awaiting: z.enum(["approval", "admin"]).nullable(),
  overridden: z.array(z.string()),
});
export type CreatedSwitchover = z.infer<typeof createdSwitchoverSchema>;

/** `POST /api/v1/nodes/{id}/drain-primaries`: a switchover for every group the node leads. */
export const drainPrimariesBodySchema = z.object({
  reason: z.string().trim().min(1).max(500).default("drain primaries off the node"),
  maxLagMs: z.number().int().min(0).max(3_600_000).optional(),
  deadlineMs: z.number().int().min(200).max(60_000).optional(),
  force: z.boolean().default(false),
});
export type DrainPrimariesBody = z.infer<typeof drainPrimariesBodySchema>;

export const drainPrimariesSchema = z.object({
  nodeId: z.string(),
  items: z.array(z.object({ groupId: z.string(), created: createdSwitchoverSchema.nullable(), error: z.string().nullable() })),
});
export type DrainPrimaries = z.infer<typeof drainPrimariesSchema>;
