import { z } from "zod";
import {
  epochMsSchema,
  labelsSchema,
  logLevelSchema,
  nodeIdSchema,
  replicaRoleSchema,
  seqSchema,
  shortTextSchema,
} from "./common";

/**
 * Version of the agent protocol; the handshake must name it. Version 2 agents keep the node
 * credential their first hello returns and connect with it from then on; version 1 agents
 * (before node identity) connect with the enrollment token only, as long as their node has no
 * credential yet.
 */
export const AGENT_PROTOCOL_VERSION = 2;
/** A fencing epoch grows by one per failover: an agent refuses a command whose epoch jumps further above the highest it has seen. */
export const MAX_EPOCH_JUMP = 1000;
export const ACCEPTED_AGENT_PROTOCOLS: readonly number[] = [1, 2];
export const AGENT_NAMESPACE = "/agent";

export const LIMITS = {
  logEntriesPerBatch: 500,
  logMessageChars: 8_192,
  logFieldsPerEntry: 32,
  customGauges: 64,
  /** Hard cap on one Socket.IO packet on /agent; anything larger closes the connection. */
  maxPacketBytes: 1_000_000,
} as const;

const secretSchema = z.string().min(1).max(512);

/** An enrollment token (first connection, or a version 1 agent) or the node's own credential: exactly one. */
export const agentHandshakeSchema = z
  .object({
    token: secretSchema.optional(),
    credential: secretSchema.optional(),
    nodeId: nodeIdSchema,
    protocol: z.number().int(),
  })
  .refine((auth) => (auth.token === undefined) !== (auth.credential === undefined), "send either token or credential, not both");
export type AgentHandshake = z.infer<typeof agentHandshakeSchema>;

export const helloSchema = z.object({
  hostname: shortTextSchema,
  address: z.string().max(200).optional(),
  zone: z.string().min(1).max(64).optional(),
  labels: labelsSchema.optional(),
  weight: z.number().positive().max(1000).optional(),
  group: z.string().min(1).max(128).optional(),
  role: replicaRoleSchema.optional(),
  agentVersion: z.string().min(1).max(64),
  /** The highest fencing epoch this agent has seen: Vigil never issues its group an epoch at or below it. */
  fencingEpoch: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type Hello = z.infer<typeof helloSchema>;

export type HelloAck = {
  nodeId: string;
  /** Highest heartbeat seq already stored for this node (0 if none): resume after it. */
  lastHeartbeatSeq: number;
  lastLogSeq: number;
  heartbeatIntervalMs: number;
  serverTime: number;
  /** The node's own credential, sent once, on the hello that enrolled it: keep it, connect with it. */
  credential?: string;
  /** This Vigil installation's id (random, kept in its database): commands carry it. */
  clusterId?: string;
  /** Seqs more than this far above the last stored one are refused: an agent further ahead renumbers its spool. */
  maxSeqJump?: number;
  /** The node waits for an operator's approval: the connection closes; connect again (with the credential) later. */
  pending?: boolean;
};

const fraction = z.number().min(0).max(1);
const nonNegative = z.number().min(0).max(1e15);

export const metricsSchema = z.object({
  cpu: fraction,
  mem: fraction,
  disk: fraction,
  netIn: nonNegative,
  netOut: nonNegative,
  load1: nonNegative,
  latencyMs: nonNegative.optional(),
  errorRate: fraction.optional(),
  custom: z
    .record(z.string().min(1).max(64), z.number().finite())
    .refine((gauges) => Object.keys(gauges).length <= LIMITS.customGauges, `at most ${LIMITS.customGauges} custom gauges`)
    .optional(),
});
export type Metrics = z.infer<typeof metricsSchema>;

/** "host:port" (IPv6 hosts in brackets) of a data store, as its peers reach it. */
export const dataAddressSchema = z
  .string()
  .min(3)
  .max(262)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/, "host:port");

export const replicationSchema = z.object({
  role: replicaRoleSchema,
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  lagMs: nonNegative,
  linkUp: z.boolean(),
  /** The node the replica follows, when the agent itself knows it (its `--peer` override). */
  following: nodeIdSchema.optional(),
  /** This node's data store as its peers reach it (its announce address): what a follow of it is sent. */
  address: dataAddressSchema.optional(),
  /** The address the replica follows, as its data store reports it: Vigil maps it to a member. */
  followingAddress: dataAddressSchema.optional(),
});
export type Replication = z.infer<typeof replicationSchema>;

export const heartbeatSchema = z.object({
  seq: seqSchema,
  ts: epochMsSchema,
  metrics: metricsSchema,
  replication: replicationSchema.optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;
export type HeartbeatAck = { seq: number; duplicate: boolean };

const fieldValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

export const logEntrySchema = z.object({
  seq: seqSchema,
  ts: epochMsSchema,
  level: logLevelSchema,
  message: z.string().max(LIMITS.logMessageChars),
  fields: z
    .record(z.string().min(1).max(64), fieldValue)
    .refine((fields) => Object.keys(fields).length <= LIMITS.logFieldsPerEntry, `at most ${LIMITS.logFieldsPerEntry} fields`)
    .optional(),
});
export type LogEntryInput = z.infer<typeof logEntrySchema>;

export const logsSchema = z.object({
  entries: z.array(logEntrySchema).min(1).max(LIMITS.logEntriesPerBatch),
});
export type LogsBatch = z.infer<typeof logsSchema>;
export type LogsAck = { accepted: number; duplicates: number; lastSeq: number };

/** Events an agent emits; each is acknowledged with an Ack of the named type. */
export type AgentToServerEvents = {
  hello: (payload: Hello, ack: (response: import("./common").Ack<HelloAck>) => void) => void;
  heartbeat: (payload: Heartbeat, ack: (response: import("./common").Ack<HeartbeatAck>) => void) => void;
  logs: (payload: LogsBatch, ack: (response: import("./common").Ack<LogsAck>) => void) => void;
};

/** Where the agent's replica group sits on the ring at one epoch. Ranges are of the 32-bit hash space. */
export const placementSchema = z.object({
  epoch: z.number().int().min(0),
  group: z.string().min(1).max(128),
  /** Keyspace share 0..1 owned by the group. */
  ownership: z.number().min(0).max(1),
  /** Token ranges the group owns: each key whose hash h satisfies start < h ≤ end (wrapping when start ≥ end). */
  ranges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(100_000),
});
export type Placement = z.infer<typeof placementSchema>;
export type PlacementAck = { epoch: number };

/**
 * restart, promote, follow, run-hook: recovery steps. pause-writes, unpause, catch-up: the steps
 * of a planned switchover (pause writes on the primary, wait until the target has every byte).
 */
export const COMMAND_KINDS = ["restart", "promote", "follow", "run-hook", "pause-writes", "unpause", "catch-up"] as const;
export const commandKindSchema = z.enum(COMMAND_KINDS);
export type CommandKind = z.infer<typeof commandKindSchema>;

/**
 * A recovery step for the agent to carry out on its node. The server never sends a shell
 * command: `restart` and `run-hook` name hooks the agent's own local config defines.
 */
export const commandSchema = z.object({
  /** The recovery action's id: a repeated id is answered with the first outcome, never run twice. */
  id: z.string().min(1).max(128),
  /** The Vigil installation that sent it (its cluster id): an agent refuses another's commands and remembers ids per installation. */
  cluster: z.string().min(1).max(64).optional(),
  kind: commandKindSchema,
  /** Fencing token (the replica group's epoch): an agent refuses a command older than one it has seen. */
  epoch: z.number().int().min(0),
  /**
   * follow: the new primary's node id (`target`) and its data address (`host`, `port`), which the
   * agent accepts only for a member of its own group (its latest `membership`, or `--peer`);
   * run-hook: the hook's name in the agent config; pause-writes: `pauseMs`, how long writes stay
   * paused at most; catch-up: `offset`, the replication offset to reach.
   */
  args: z
    .object({
      host: z.string().min(1).max(255).optional(),
      port: z.number().int().min(1).max(65535).optional(),
      target: nodeIdSchema.optional(),
      hook: z.string().min(1).max(64).optional(),
      pauseMs: z.number().int().min(10).max(60_000).optional(),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    })
    .default({}),
  /** The server stops waiting after this; the agent should not start work it cannot finish by then. */
  timeoutMs: z.number().int().min(100).max(600_000),
});
export type Command = z.infer<typeof commandSchema>;

export const commandOutcomeSchema = z.object({
  id: z.string(),
  outcome: z.enum(["succeeded", "failed", "refused"]),
  detail: z.string().max(2000),
  /** The node's replication status right after the command, when it has one. */
  replication: replicationSchema.optional(),
});
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

/**
 * The agent's replica group as Vigil knows it from the members' own authenticated connections:
 * sent after hello and whenever a member or an address changes. A follow is accepted only for
 * an address listed here.
 */
export const membershipSchema = z.object({
  group: z.string().min(1).max(128),
  members: z.array(z.object({ nodeId: nodeIdSchema, address: dataAddressSchema.nullable() })).max(1000),
});
export type Membership = z.infer<typeof membershipSchema>;
export type MembershipAck = { members: number };

/** Events the server emits to an agent, each acknowledged the same way. */
export type ServerToAgentEvents = {
  placement: (payload: Placement, ack: (response: import("./common").Ack<PlacementAck>) => void) => void;
  membership: (payload: Membership, ack: (response: import("./common").Ack<MembershipAck>) => void) => void;
  command: (payload: Command, ack: (response: import("./common").Ack<CommandOutcome>) => void) => void;
};
