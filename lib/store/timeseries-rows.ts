import "server-only";
import type { NodeEventView } from "../protocol/views";
import type { RetentionCutoffs } from "../timeseries/resolution";
import type { NewNodeEvent } from "./events";

export type HeartbeatRow = {
  nodeId: string;
  seq: number;
  ts: number;
  receivedAt: number;
  cpu: number;
  mem: number;
  disk: number;
  netIn: number;
  netOut: number;
  load1: number;
  latencyMs: number | null;
  errorRate: number | null;
  custom: string | null;
  repRole: string | null;
  repOffset: number | null;
  repLagMs: number | null;
  repLinkUp: number | null;
  repFollowing: string | null;
};

export type LogRow = {
  nodeId: string;
  seq: number;
  ts: number;
  receivedAt: number;
  level: string;
  message: string;
  fields: string | null;
};

export type NodeSnapshotRow = {
  id: string;
  state: string;
  stateReason: string | null;
  stateSince: number;
  phi: number;
  connected: number;
  lastHeartbeatAt: number | null;
  lastSeq: number;
  lastLogSeq: number;
  cpu: number | null;
  mem: number | null;
  disk: number | null;
  netIn: number | null;
  netOut: number | null;
  load1: number | null;
  latencyMs: number | null;
  errorRate: number | null;
  custom: string | null;
  repRole: string | null;
  repOffset: number | null;
  repLagMs: number | null;
  repLinkUp: number | null;
  repFollowing: string | null;
  placementEpoch: number | null;
};

export type NodeInfoRow = {
  id: string;
  hostname: string;
  address: string | null;
  zone: string | null;
  labels: string;
  weight: number;
  group: string | null;
  role: string | null;
  agentVersion: string;
};

export type GroupingRunRow = {
  at: number;
  k: number;
  silhouette: number | null;
  inertia: number;
  nodes: number;
  settings: string;
  groups: string;
  state: string;
};
export type NodeGroupRow = { nodeId: string; groupId: number; distance: number; outlier: number; outlierMetrics: string | null; features: string };
export type GroupingEventRow = { at: number; nodeId: string; kind: string; fromGroup: number | null; toGroup: number | null; detail: string | null };

export type WriteResult = { heartbeatsInserted: number; logsInserted: number };
export type RollupResult = { minutes: number; hours: number };

export const NODE_INFO_COLUMNS = ["id", "hostname", "address", "zone", "labels", "weight", "group", "role", "agentVersion"] as const;
export const HEARTBEAT_COLUMNS = [
  "nodeId", "seq", "ts", "receivedAt", "cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate",
  "custom", "repRole", "repOffset", "repLagMs", "repLinkUp", "repFollowing",
] as const;
export const LOG_COLUMNS = ["nodeId", "seq", "ts", "receivedAt", "level", "message", "fields"] as const;
export const SNAPSHOT_COLUMNS = [
  "state", "stateReason", "stateSince", "phi", "connected", "lastHeartbeatAt", "lastSeq", "lastLogSeq", "cpu", "mem", "disk",
  "netIn", "netOut", "load1", "latencyMs", "errorRate", "custom", "repRole", "repOffset", "repLagMs", "repLinkUp", "repFollowing",
  "placementEpoch",
] as const;
export const METRICS = ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"] as const;
export const ROLLUP_COLUMNS = ["nodeId", "resolution", "bucket", "count", ...METRICS.flatMap((m) => [`${m}Min`, `${m}Avg`, `${m}Max`])];

/**
 * The hot write path (heartbeats, logs, node snapshots, events, grouping runs, rollups,
 * retention), behind one async interface so SQLite and PostgreSQL can each use their fastest
 * driver. Every promise resolves only once its write committed.
 */
export type TimeSeriesStore = {
  /** Writes one batch atomically: when the promise resolves, the batch is committed. */
  writeBatch(heartbeats: HeartbeatRow[], logs: LogRow[], snapshots?: NodeSnapshotRow[]): Promise<WriteResult>;
  /** Records a node's static info from its hello (the first hello creates the node). */
  upsertNodeInfo(info: NodeInfoRow, now: number): Promise<void>;
  /** Stores node state changes and returns them with their ids. */
  insertNodeEvents(events: NewNodeEvent[]): Promise<NodeEventView[]>;
  /** Stores a grouping run, every node's latest place in it, and what changed; returns the run id. */
  saveGrouping(run: GroupingRunRow, nodes: NodeGroupRow[], events: GroupingEventRow[]): Promise<number>;
  /** Highest stored seqs of a node, so a reconnecting agent resumes after them. */
  lastSeqs(nodeId: string): Promise<{ heartbeat: number; log: number }>;
  /** Recomputes the 1-minute and hourly rollups of every bucket in [from, to). */
  rollup(from: number, to: number): Promise<RollupResult>;
  /** Deletes what is older than each cutoff; returns the counts per kind. */
  enforceRetention(cutoffs: RetentionCutoffs): Promise<Record<string, number>>;
  close(): Promise<void>;
};
