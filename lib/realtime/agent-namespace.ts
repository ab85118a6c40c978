import "server-only";
import type { Namespace, Server, Socket } from "socket.io";
import { z } from "zod";
import type { Config } from "../config";
import type { FleetInput } from "../cluster/fleet-bridge";
import type { IngestBatcher } from "../ingest/ingest-batcher";
import type { VigilMetrics } from "../observability/prometheus";
import type { Db } from "../store/prisma";
import type { TimeSeriesStore } from "../store/timeseries-store";
import type { Ack } from "../protocol/common";
import { revokedAgentTokenIds } from "../auth/agent-tokens";
import { authenticateAgent, completeEnrollment, type AgentIdentity } from "../auth/node-identity";
import { findNodeIdentities } from "../store/node-identity";
import { checkStreamItem } from "../ingest/stream-bounds";
import { AppError, toErrorBody } from "../errors";
import { TokenBucket } from "../ingest/token-bucket";
import { corkableOf } from "./write-coalescing";
import { ACCEPTED_AGENT_PROTOCOLS, AGENT_NAMESPACE, AGENT_PROTOCOL_VERSION, agentHandshakeSchema, heartbeatSchema, helloSchema, logsSchema, commandOutcomeSchema, type Command, type CommandOutcome, type HelloAck, type Placement, type ServerToAgentEvents } from "../protocol/agent";
import { hashSecret } from "../auth/secrets";
import { parseOrThrow } from "../protocol/common";

type AgentSocketData = { nodeId: string; identity: AgentIdentity; bucket: TokenBucket; helloDone: boolean; strikes: number[] };
type AgentSocket = Socket<Record<string, (...args: never[]) => void>, ServerToAgentEvents, Record<string, never>, AgentSocketData>;

/** Agents are untrusted: even their acknowledgements are validated. */
const placementAckSchema = z.union([
  z.object({ ok: z.literal(true), data: z.object({ epoch: z.number().int().min(0) }) }),
  z.object({ ok: z.literal(false) }),
]);

const commandAckSchema = z.union([
  z.object({ ok: z.literal(true), data: commandOutcomeSchema }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

const STRIKE_WINDOW_MS = 10_000;
const STRIKES_BEFORE_DISCONNECT = 50;
const REVOCATION_SWEEP_MS = 10_000;
const SWEEP_SLICE = 500;

export type AgentNamespaceDeps = {
  config: Config;
  db: Db;
  /** This installation's id: given to agents in the hello ack and carried by every command. */
  clusterId: string;
  /** The live fleet, or the cluster bridge in front of it (lib/cluster/fleet-bridge). */
  fleet: FleetInput;
  batcher: IngestBatcher;
  writer: TimeSeriesStore;
  metrics: VigilMetrics;
  /** Several instances share a Socket.IO adapter: an agent not connected here may be connected to another. */
  clustered?: boolean;
};

/** What other parts of the server may do with connected agents, without holding their sockets. */
export type AgentDirectory = {
  connectedNodeIds: () => string[];
  /** Called after an agent's hello is acknowledged. */
  onReady: (listener: (nodeId: string) => void) => void;
  /** Emits an acknowledged event to one agent; `onEpoch` gets the epoch it says it holds. */
  send: (nodeId: string, event: "placement", payload: Placement, timeoutMs: number, onEpoch: (epoch: number) => void) => void;
  /** Sends a recovery command and waits for its outcome; never throws. */
  command: (nodeId: string, command: Command) => Promise<CommandResult>;
};

export type CommandResult = { delivered: true; outcome: CommandOutcome } | { delivered: false; error: string };

/** The agent side of the protocol: authenticate, then validate every event before ingest. */
export function attachAgentNamespace(io: Server, deps: AgentNamespaceDeps): { namespace: Namespace; directory: AgentDirectory; stop: () => void } {
  const namespace = io.of(AGENT_NAMESPACE);
  const { config, db, fleet, batcher, writer, metrics } = deps;
  const socketsByNode = new Map<string, AgentSocket>();
  const readyListeners: ((nodeId: string) => void)[] = [];


  namespace.use(async (rawSocket, next) => {
    const socket = rawSocket as unknown as AgentSocket;
    try {
      const auth = parseOrThrow(agentHandshakeSchema, socket.handshake.auth, "handshake auth");
      if (!ACCEPTED_AGENT_PROTOCOLS.includes(auth.protocol)) {
        throw new AppError("protocol_mismatch", `server speaks agent protocol ${AGENT_PROTOCOL_VERSION}, agent sent ${auth.protocol}`);
      }
      if (auth.protocol < 2 && auth.credential !== undefined) throw new AppError("bad_request", "node credentials need agent protocol 2");
      const identity = await authenticateAgent(db, auth, config.bootstrap.agentToken, Date.now());
      socket.data = { nodeId: auth.nodeId, identity, bucket: new TokenBucket(config.ingest.eventsPerSec, config.ingest.eventBurst, Date.now()), helloDone: false, strikes: [] };
      next();
    } catch (error) {
      const body = toErrorBody(error);
      metrics.rejected.inc({ reason: body.code });
      const refusal = new Error(`${body.code}: ${body.message}`) as Error & { data: unknown };
      refusal.data = body;
      next(refusal);
    }
  });

  namespace.on("connection", (rawSocket) => {
    const socket = rawSocket as unknown as AgentSocket;
    const { nodeId } = socket.data;
    const channel = corkableOf(rawSocket);
    /**
     * One live connection per node: a restarted agent replaces its stale predecessor, but only
     * once its hello has proven (and, when enrolling, claimed) the node's identity, so a
     * connection that is refused never displaces the one that holds the node.
     */
    const takeOver = () => {
      const previous = socketsByNode.get(nodeId);
      socketsByNode.set(nodeId, socket);
      // The room reaches this agent from any instance through the adapter (recovery commands from the leader).
      void rawSocket.join(agentRoom(nodeId));
      if (previous && previous.id !== socket.id) previous.disconnect(true);
    };

    const guard = <T>(event: string, handle: (payload: unknown, ack: (response: Ack<T>) => void) => Promise<void> | void) => {
      const refuse = (reply: (response: Ack<T>) => void, error: unknown) => {
        const body = toErrorBody(error);
        if (body.code === "internal") console.error(`[agent ${nodeId}] ${event} failed`, error);
        metrics.rejected.inc({ reason: body.code });
        strike(socket, body.code);
        reply({ ok: false, error: body });
      };
      // Synchronous for heartbeats and logs (no promise per event at 10,000 a second); hello awaits the store.
      socket.on(event, (payload: unknown, ack: unknown) => {
        if (typeof ack !== "function") {
          strike(socket, "no_ack");
          return;
        }
        const reply = ack as (response: Ack<T>) => void;
        try {
          if (batcher.isStopped) throw new AppError("unavailable", "server is shutting down, retry");
          if (!socket.data.bucket.take(Date.now())) throw new AppError("rate_limited", "too many events, slow down");
          const handled = handle(payload, reply);
          if (handled) handled.catch((error: unknown) => refuse(reply, error));
        } catch (error) {
          refuse(reply, error);
        }
      });
    };

    guard("hello", async (payload, reply) => {
      const hello = parseOrThrow(helloSchema, payload, "hello");
      const now = Date.now();
      const { identity } = socket.data;
      let credential: string | null = null;
      if (identity.kind === "enrollment" && !socket.data.helloDone) {
        const enrolled = await completeEnrollment(db, identity, hello.hostname, now);
        credential = enrolled.credential;
        if (enrolled.credential) socket.data.identity = { kind: "credential", nodeId, credentialHash: hashSecret(enrolled.credential) };
        if (enrolled.pending) {
          // Stored and shown, but in no guard, ranking, ring or alert until an operator approves it.
          reply({ ok: true, data: { ...helloAck(nodeId, { heartbeat: 0, log: 0 }, now), ...(credential ? { credential } : {}), pending: true } });
          setTimeout(() => socket.disconnect(true), 100).unref();
          return;
        }
      }
      takeOver();
      await writer.upsertNodeInfo(
        {
          id: nodeId, hostname: hello.hostname, address: hello.address ?? null, zone: hello.zone ?? null, labels: JSON.stringify(hello.labels ?? {}),
          weight: hello.weight ?? 1, group: hello.group ?? null, role: hello.role ?? null, agentVersion: hello.agentVersion,
        },
        now,
      );
      const stored = await writer.lastSeqs(nodeId);
      const live = fleet.lastSeqs(nodeId);
      const seqs = { heartbeat: Math.max(stored.heartbeat, live?.heartbeat ?? 0), log: Math.max(stored.log, live?.log ?? 0) };
      fleet.applyHello(nodeId, hello, seqs, now);
      if (socketsByNode.get(nodeId) === socket) fleet.connected(nodeId, now);
      socket.data.helloDone = true;
      reply({ ok: true, data: { ...helloAck(nodeId, seqs, now), ...(credential ? { credential } : {}) } });
      for (const listener of readyListeners) listener(nodeId);
    });

    guard("heartbeat", (payload, reply) => {
      if (!socket.data.helloDone) throw new AppError("bad_request", "send hello before heartbeats");
      const heartbeat = parseOrThrow(heartbeatSchema, payload, "heartbeat");
      checkStreamItem(heartbeat, fleet.lastSeqs(nodeId)?.heartbeat ?? 0, Date.now(), config.ingest);
      batcher.heartbeat(nodeId, heartbeat, reply, channel);
    });

    guard("logs", (payload, reply) => {
      if (!socket.data.helloDone) throw new AppError("bad_request", "send hello before logs");
      const batch = parseOrThrow(logsSchema, payload, "logs");
      const highWater = fleet.lastSeqs(nodeId)?.log ?? 0;
      const now = Date.now();
      for (const entry of batch.entries) checkStreamItem(entry, highWater, now, config.ingest);
      batcher.logBatch(nodeId, batch.entries, reply, channel);
    });

    socket.on("disconnect", () => {
      if (socketsByNode.get(nodeId) !== socket) return;
      socketsByNode.delete(nodeId);
      fleet.disconnected(nodeId, Date.now());
    });
  });

  /** A client that keeps sending refused events is cut off; everyone else keeps being served. */
  function strike(socket: AgentSocket, reason: string): void {
    const now = Date.now();
    const strikes = socket.data.strikes.filter((at) => now - at < STRIKE_WINDOW_MS);
    strikes.push(now);
    socket.data.strikes = strikes;
    if (strikes.length >= STRIKES_BEFORE_DISCONNECT) {
      console.warn(`[agent ${socket.data.nodeId}] disconnected after ${strikes.length} refused events (last: ${reason})`);
      socket.disconnect(true);
    }
  }

  /**
   * Cuts off agents whose credential was reset or node decommissioned, and token-only agents
   * whose token was revoked. In slices: at 10,000 agents one read of every node would hold the
   * event loop.
   */
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    const sockets = [...socketsByNode.values()];
    const byToken = sockets.flatMap((s) => (s.data.identity.kind === "enrollment" ? [{ socket: s, tokenId: s.data.identity.tokenId }] : []));
    try {
      const revoked = new Set(await revokedAgentTokenIds(db, [...new Set(byToken.map((entry) => entry.tokenId))]));
      for (const { socket, tokenId } of byToken) if (revoked.has(tokenId)) socket.disconnect(true);
      const byCredential = sockets.filter((s) => s.data.identity.kind === "credential");
      for (let start = 0; start < byCredential.length; start += SWEEP_SLICE) {
        const slice = byCredential.slice(start, start + SWEEP_SLICE);
        const current = await findNodeIdentities(db, slice.map((s) => s.data.nodeId));
        for (const socket of slice) {
          const { identity } = socket.data;
          if (identity.kind === "credential" && current.get(socket.data.nodeId)?.credentialHash !== identity.credentialHash) socket.disconnect(true);
        }
      }
    } catch {
      // The next sweep tries again; a database hiccup must not cut anyone off.
    } finally {
      sweeping = false;
    }
  }, REVOCATION_SWEEP_MS);

  function helloAck(nodeId: string, seqs: { heartbeat: number; log: number }, now: number): HelloAck {
    return {
      nodeId,
      lastHeartbeatSeq: seqs.heartbeat,
      lastLogSeq: seqs.log,
      heartbeatIntervalMs: config.detection.heartbeatIntervalMs,
      serverTime: now,
      clusterId: deps.clusterId,
      maxSeqJump: config.ingest.maxSeqJump,
    };
  }

  const directory: AgentDirectory = {
    async command(nodeId, unmarked) {
      const command: Command = { ...unmarked, cluster: deps.clusterId };
      const socket = socketsByNode.get(nodeId);
      if (!socket && !deps.clustered) return { delivered: false, error: `agent ${nodeId} is not connected` };
      try {
        const response = socket
          ? await socket.timeout(command.timeoutMs).emitWithAck("command", command)
          : await remoteCommand(nodeId, command);
        if (response === NOT_CONNECTED) return { delivered: false, error: `agent ${nodeId} is not connected to any instance` };
        const ack = commandAckSchema.safeParse(response);
        if (!ack.success) return { delivered: false, error: "agent answered with an invalid outcome" };
        if (!ack.data.ok) return { delivered: false, error: `agent refused: ${ack.data.error.message}` };
        return { delivered: true, outcome: ack.data.data };
      } catch {
        return { delivered: false, error: `no answer from ${nodeId} within ${command.timeoutMs} ms` };
      }
    },
    connectedNodeIds: () => [...socketsByNode.keys()],
    onReady: (listener) => readyListeners.push(listener),
    send(nodeId, event, payload, timeoutMs, onEpoch) {
      const socket = socketsByNode.get(nodeId);
      if (!socket) return;
      socket
        .timeout(timeoutMs)
        .emitWithAck(event, payload)
        .then((response) => {
          const ack = placementAckSchema.safeParse(response);
          if (ack.success && ack.data.ok) onEpoch(ack.data.data.epoch);
        })
        .catch(() => undefined);
    },
  };


  /**
   * Through the adapter to whichever instance holds the agent. During a reconnect the agent may
   * briefly be in the room twice; the command id makes a second delivery a no-op on the agent,
   * and its first answer is the outcome.
   */
  async function remoteCommand(nodeId: string, command: Command): Promise<unknown> {
    const responses: unknown[] = await namespace.to(agentRoom(nodeId)).timeout(command.timeoutMs).emitWithAck("command", command);
    return responses.length ? responses[0] : NOT_CONNECTED;
  }

  return { namespace, directory, stop: () => clearInterval(sweep) };
}

const NOT_CONNECTED = Symbol("not connected");
const agentRoom = (nodeId: string) => `agent:${nodeId}`;
