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

export const replicationSchema = z.object({
  role: replicaRoleSchema,
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  lagMs: nonNegative,
  linkUp: z.boolean(),
  following: nodeIdSchema.optional(),
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

export const COMMAND_KINDS = ["restart", "promote", "follow", "run-hook"] as const;
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
  /** follow: the new primary's address; run-hook: the hook's name in the agent config. */
  args: z
    .object({
      host: z.string().min(1).max(255).optional(),
      port: z.number().int().min(1).max(65535).optional(),
      target: nodeIdSchema.optional(),
      hook: z.string().min(1).max(64).optional(),
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

/** Events the server emits to an agent, each acknowledged the same way. */
export type ServerToAgentEvents = {
  placement: (payload: Placement, ack: (response: import("./common").Ack<PlacementAck>) => void) => void;
  command: (payload: Command, ack: (response: import("./common").Ack<CommandOutcome>) => void) => void;
};
