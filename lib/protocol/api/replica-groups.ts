import { z } from "zod";
import type { ReplicaGroupStatus } from "../../replication";
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
