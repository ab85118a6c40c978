import { z } from "zod";
import type { Ack } from "./common";
import { logLevelSchema, nodeIdSchema } from "./common";
import type { FleetStats, LogView, MetricPoint, NodeEventView, NodeView } from "./views";
import type { ProblemsView } from "./api/problems";

export const UI_NAMESPACE = "/ui";
/** Deltas to browsers are coalesced and sent at most this often. */
export const UI_PUSH_INTERVAL_MS = 500;
/** Lag moves on every replication check: the replica groups signal is throttled to this, so browsers refetch at most this often. */
export const REPLICA_GROUPS_SIGNAL_MS = 2_000;

export const logFilterSchema = z.object({
  nodeId: nodeIdSchema.optional(),
  /** Minimum level. */
  level: logLevelSchema.optional(),
  q: z.string().max(200).optional(),
});
export type LogFilter = z.infer<typeof logFilterSchema>;

/** What a page wants pushed; each subscribe replaces the previous one for that socket. */
export const uiSubscriptionSchema = z.object({
  fleet: z.boolean().optional(),
  node: nodeIdSchema.nullable().optional(),
  logs: logFilterSchema.nullable().optional(),
});
export type UiSubscription = z.infer<typeof uiSubscriptionSchema>;

/** `removed`: nodes decommissioned since the last delta (gone from every page that lists them). */
export type FleetDelta = { at: number; nodes: NodeView[]; removed?: string[]; stats: FleetStats };
export type NodeSamples = { nodeId: string; points: MetricPoint[] };
export type LogsTail = { entries: LogView[] };
export type NodeEvents = { events: NodeEventView[] };

/** A new load-grouping run is stored: pages showing groups refetch GET /api/v1/groups. */
export type GroupsRun = { runId: number; at: number; k: number; silhouette: number | null; changes: number };

/**
 * Recovery or the ring changed: pages showing them refetch their REST resources. Only an
 * invalidation (what changed is read through the API), coalesced to one per UI_PUSH_INTERVAL_MS.
 */
export const uiInvalidationSchema = z.object({ at: z.number().int().nonnegative() });
export type UiInvalidation = z.infer<typeof uiInvalidationSchema>;

export type UiClientToServerEvents = {
  subscribe: (subscription: UiSubscription, ack: (response: Ack<{ subscribed: true }>) => void) => void;
};

export type UiServerToClientEvents = {
  "fleet:delta": (delta: FleetDelta) => void;
  "node:samples": (samples: NodeSamples) => void;
  "logs:tail": (tail: LogsTail) => void;
  "node:events": (events: NodeEvents) => void;
  /** The subscribed node itself, whenever it changed. */
  "node:state": (node: NodeView) => void;
  "groups:run": (run: GroupsRun) => void;
  /** Plans, actions, approvals, the kill switch or policies changed (the leader's recovery rounds). */
  "recovery:changed": (signal: UiInvalidation) => void;
  /** A new ring epoch (applied by an operator, auto-join or recovery). */
  "ring:changed": (signal: UiInvalidation) => void;
  /** What is wrong now (GET /api/v1/problems' answer), whenever it changed: each instance sends its own, with its own health. */
  "problems:changed": (problems: ProblemsView) => void;
  /** The leader's replication check judged some replica group differently (at most one per REPLICA_GROUPS_SIGNAL_MS). */
  "replica-groups:changed": (signal: UiInvalidation) => void;
};
