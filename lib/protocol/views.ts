import type { LogLevel, NodeState, ReplicaRole, Role } from "./common";

/** The metric names every heartbeat carries, in display order. */
export const METRIC_NAMES = ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type MetricValues = Record<MetricName, number | null>;

export type ReplicationView = {
  role: ReplicaRole;
  offset: number;
  lagMs: number;
  linkUp: boolean;
  following: string | null;
};

/** A node as the API and the live UI show it. */
export type NodeView = {
  id: string;
  hostname: string;
  address: string | null;
  zone: string | null;
  group: string | null;
  role: ReplicaRole | null;
  labels: Record<string, string>;
  weight: number;
  agentVersion: string | null;
  state: NodeState;
  stateReason: string | null;
  stateSince: number;
  phi: number;
  connected: boolean;
  firstSeenAt: number;
  lastHeartbeatAt: number | null;
  metrics: (MetricValues & { custom: Record<string, number> | null }) | null;
  replication: ReplicationView | null;
  /** The ring epoch this node's agent acknowledged holding (null before the first placement). */
  placementEpoch: number | null;
};

export type MetricResolution = "raw" | "1m" | "1h";

/** One chart point: the mean (or raw value) per metric, with min/max for rollups. */
export type MetricPoint = MetricValues & {
  ts: number;
  min?: MetricValues;
  max?: MetricValues;
};

export type MetricSeries = {
  nodeId: string;
  resolution: MetricResolution;
  from: number;
  to: number;
  points: MetricPoint[];
};

export type LogView = {
  nodeId: string;
  seq: number;
  ts: number;
  level: LogLevel;
  message: string;
  fields: Record<string, string | number | boolean | null> | null;
};

export type NodeEventView = {
  id: number;
  nodeId: string;
  at: number;
  from: NodeState;
  to: NodeState;
  reason: string;
  phi: number | null;
};

export type FleetStats = {
  at: number;
  counts: Record<NodeState, number>;
  total: number;
  connectedAgents: number;
  heartbeatsPerSec: number;
  logsPerSec: number;
};

export type UserView = { id: string; email: string; name: string | null; role: Role; createdAt: string };
export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  role?: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type Page<T> = { items: T[]; nextCursor: string | null };

export type FleetLoadPoint = { ts: number; cpu: number; mem: number; disk: number; load1: number; nodes: number };
export type ZoneCounts = { zone: string; counts: Record<NodeState, number> };

/** The answer of GET /api/v1/overview: the first paint; live deltas keep it current. */
export type FleetOverview = {
  stats: FleetStats;
  zones: ZoneCounts[];
  recentEvents: NodeEventView[];
  load: FleetLoadPoint[];
};
