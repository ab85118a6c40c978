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

export const replicaGroupListSchema = itemsOf(replicaGroupViewSchema);
export type ReplicaGroupList = z.infer<typeof replicaGroupListSchema>;
