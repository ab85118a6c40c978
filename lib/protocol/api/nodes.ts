import { z } from "zod";
import { nodeStateSchema, replicaRoleSchema } from "../common";
import { itemsOf, limitQuery, msSchema } from "./shared";

/** Nodes: `GET /api/v1/nodes`, `/nodes/{id}`, `/nodes/{id}/metrics`, `/nodes/{id}/events`, `/events`. */

/** The metric names every heartbeat carries, in display order. */
export const METRIC_NAMES = ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

const metricValue = z.number().nullable();
export const metricValuesSchema = z.object({
  cpu: metricValue,
  mem: metricValue,
  disk: metricValue,
  netIn: metricValue,
  netOut: metricValue,
  load1: metricValue,
  latencyMs: metricValue,
  errorRate: metricValue,
});
export type MetricValues = z.infer<typeof metricValuesSchema>;

export const replicationViewSchema = z.object({
  role: replicaRoleSchema,
  offset: z.number(),
  lagMs: z.number(),
  linkUp: z.boolean(),
  following: z.string().nullable(),
  /** The node's data store as its peers reach it ("host:port"), as its agent reports it. */
  address: z.string().nullable().optional(),
  /** The address it follows, as its data store reports it. */
  followingAddress: z.string().nullable().optional(),
});
export type ReplicationView = z.infer<typeof replicationViewSchema>;

/** Every state of a node's service, as its agent's heartbeats report it (lib/recovery/service-verdict.ts). */
export const SERVICE_STATUSES = ["ok", "degraded", "down"] as const;
export const serviceStatusSchema = z.enum(SERVICE_STATUSES);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/**
 * The service's verdict, apart from the detector's state (which says whether the agent is heard):
 * folded over its heartbeats, so a crash-looping service stays flagged while it is briefly up.
 */
export const serviceHealthSchema = z.object({
  status: serviceStatusSchema.meta({ description: "ok, degraded (errors at or above 10 %, or recovering / crash-looping while up) or down (service_up = 0 or errors at or above 50 %)" }),
  reason: z.string().nullable(),
  since: msSchema.meta({ description: "When the status last changed" }),
  current: serviceStatusSchema.meta({ description: "What the latest heartbeat alone says" }),
  lastProblemAt: msSchema.nullable().meta({ description: "The latest heartbeat that showed the service down" }),
  outages: z.array(msSchema).meta({ description: "When each spell of the service being down began, within the last 5 minutes" }),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

/** A node as the API and the live UI show it. */
export const nodeViewSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  address: z.string().nullable(),
  zone: z.string().nullable(),
  group: z.string().nullable(),
  role: replicaRoleSchema.nullable(),
  labels: z.record(z.string(), z.string()),
  weight: z.number(),
  agentVersion: z.string().nullable(),
  state: nodeStateSchema,
  stateReason: z.string().nullable(),
  stateSince: msSchema,
  phi: z.number(),
  connected: z.boolean(),
  firstSeenAt: msSchema,
  lastHeartbeatAt: msSchema.nullable(),
  metrics: metricValuesSchema.extend({ custom: z.record(z.string(), z.number()).nullable() }).nullable(),
  replication: replicationViewSchema.nullable(),
  placementEpoch: z.number().nullable().meta({ description: "The ring epoch this node's agent acknowledged holding (null before the first placement)" }),
  fencingEpoch: z
    .number()
    .nullable()
    .optional()
    .meta({ description: "The highest replica-group fencing epoch this node's agent reported having seen (its group's epochs stay above it)" }),
  service: serviceHealthSchema
    .nullable()
    .optional()
    .meta({ description: "Its service's health from its heartbeats (null before any); last known while the node is not healthy" }),
});
export type NodeView = z.infer<typeof nodeViewSchema>;

export const nodeEventViewSchema = z.object({
  id: z.number(),
  nodeId: z.string(),
  at: msSchema,
  from: nodeStateSchema,
  to: nodeStateSchema,
  reason: z.string(),
  phi: z.number().nullable(),
});
export type NodeEventView = z.infer<typeof nodeEventViewSchema>;

export const metricResolutionSchema = z.enum(["raw", "1m", "1h"]);
export type MetricResolution = z.infer<typeof metricResolutionSchema>;

/** One chart point: the mean (or raw value) per metric, with min/max for rollups. */
export const metricPointSchema = metricValuesSchema.extend({
  ts: msSchema,
  min: metricValuesSchema.optional(),
  max: metricValuesSchema.optional(),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const metricSeriesSchema = z.object({
  nodeId: z.string(),
  resolution: metricResolutionSchema,
  from: msSchema,
  to: msSchema,
  points: z.array(metricPointSchema),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

// ---------- requests ----------

export const nodeListQuerySchema = z.object({
  state: nodeStateSchema.optional(),
  zone: z.string().max(64).optional(),
  group: z.string().max(128).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  cursor: z.string().max(200).optional(),
});
export type NodeListQuery = z.infer<typeof nodeListQuerySchema>;

export const rangeSchema = z.enum(["15m", "1h", "6h", "24h", "7d"]);
export const metricsQuerySchema = z.object({
  range: rangeSchema.optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** `GET /api/v1/events` and `/nodes/{id}/events`. */
export const nodeEventsQuerySchema = limitQuery(1000, 100);

// ---------- responses ----------

export const nodeListSchema = z.object({ items: z.array(nodeViewSchema), nextCursor: z.string().nullable(), total: z.number() });
export type NodeList = z.infer<typeof nodeListSchema>;
export const nodeDetailSchema = z.object({ node: nodeViewSchema, events: z.array(nodeEventViewSchema) });
export type NodeDetail = z.infer<typeof nodeDetailSchema>;
export const nodeEventsSchema = itemsOf(nodeEventViewSchema);

/** A node enrolled under a token that requires approval, waiting for (or refused) an operator's decision. */
export const enrollmentViewSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  approval: z.enum(["pending", "rejected"]),
  enrolledAt: msSchema.nullable(),
  /** The enrollment token's id. */
  enrolledBy: z.string().nullable(),
  firstSeenAt: msSchema,
});
export type EnrollmentView = z.infer<typeof enrollmentViewSchema>;
export const enrollmentListSchema = itemsOf(enrollmentViewSchema);
export const enrollmentDecisionSchema = z.object({ id: z.string(), approval: z.enum(["approved", "rejected"]) });
/** What steers recovery about a node (lib/auth/steering): recorded at enrollment, pinned by operators. */
export const steeringSchema = z.object({
  zone: z.string().min(1).max(64).nullable(),
  group: z.string().min(1).max(128).nullable(),
  role: replicaRoleSchema.nullable(),
  weight: z.number().positive().max(1000),
  /** The node's `priority` label as the agent spells it (0 = never promoted); null: the default. */
  priority: z.string().max(256).nullable(),
});
export type Steering = z.infer<typeof steeringSchema>;

export const pinnedSteeringSchema = steeringSchema.partial().strict();
export type PinnedSteering = z.infer<typeof pinnedSteeringSchema>;

/** A report held for an operator: the values the agent asked for and when. */
export const proposedSteeringSchema = z.object({ values: pinnedSteeringSchema, reportedAt: z.number() });
export type ProposedSteering = z.infer<typeof proposedSteeringSchema>;

export const nodeSteeringViewSchema = z.object({
  pinned: pinnedSteeringSchema,
  /** A change the agent reported under a token with manual approval, waiting for an operator. */
  proposed: proposedSteeringSchema.nullable(),
  /** The node's enrollment token holds reported changes for approval. */
  holdChanges: z.boolean(),
});
export type NodeSteeringView = z.infer<typeof nodeSteeringViewSchema>;
/** `PUT /api/v1/nodes/{id}/steering`: the whole set of pins (a key left out is unpinned). */
export const steeringPinsBodySchema = z
  .object({ pinned: pinnedSteeringSchema.extend({ priority: z.string().regex(/^\d{1,7}$/, "priority is a whole number (0: never promoted)").nullable().optional() }).strict() })
  .strict();

export const credentialResetSchema = z.object({ id: z.string(), reset: z.literal(true) });

/** `DELETE /api/v1/nodes/{id}`; no body is a plain decommission. Strict: a misspelt `force` must not pass as no force. */
export const nodeDecommissionBodySchema = z
  .object({
    reason: z.string().trim().max(500).optional(),
    /** Decommission the current primary of a replica group as well (admin only). */
    force: z.boolean().optional(),
  })
  .strict();
export type NodeDecommissionBody = z.infer<typeof nodeDecommissionBodySchema>;
export const nodeDecommissionSchema = z.object({
  id: z.string(),
  decommissioned: z.literal(true),
  /** It was the current primary of its replica group, decommissioned with `force`. */
  forced: z.boolean(),
  /** The ring group that left the ring with it (it had no other member), or null. */
  leftRing: z.string().nullable(),
});
export type NodeDecommission = z.infer<typeof nodeDecommissionSchema>;
