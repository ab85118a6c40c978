import "server-only";
import type { Namespace, Server, Socket } from "socket.io";
import { z } from "zod";
import type { Config } from "../config";
import type { FleetInput } from "../cluster/fleet-bridge";
import type { LiveFleet } from "../fleet/live-fleet";
import type { IngestBatcher } from "../ingest/ingest-batcher";
import type { VigilMetrics } from "../observability/prometheus";
import type { Db } from "../store/prisma";
import type { TimeSeriesStore } from "../store/timeseries-store";
import type { Ack } from "../protocol/common";
import type { NodeView } from "../protocol/views";
import { revokedAgentTokenIds } from "../auth/agent-tokens";
import { authenticateAgent, completeEnrollment, type AgentIdentity } from "../auth/node-identity";
import { findNodeIdentities } from "../store/node-identity";
import { admitHello } from "../auth/node-steering";
import { checkStreamItem } from "../ingest/stream-bounds";
import { AppError, toErrorBody } from "../errors";
import { TokenBucket } from "../ingest/token-bucket";
import { ByteMeter } from "../ingest/byte-meter";
import { TokenBudgets } from "../ingest/token-budgets";
import { corkableOf } from "./write-coalescing";
import { ACCEPTED_AGENT_PROTOCOLS, AGENT_NAMESPACE, AGENT_PROTOCOL_VERSION, agentHandshakeSchema, heartbeatSchema, helloSchema, logsSchema, commandOutcomeSchema, type Command, type CommandOutcome, type HelloAck, type Membership, type Placement, type ServerToAgentEvents } from "../protocol/agent";
import { hashSecret } from "../auth/secrets";
import { parseOrThrow } from "../protocol/common";
import { membershipOf } from "../replication";

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

/**
 * Membership changes are pushed at most this often: a fleet (re)connecting changes its groups with
 * every hello, and each group's agents get one membership per flush, not one per change.
 */
const MEMBERSHIP_FLUSH_MS = 250;
const MEMBERSHIP_ACK_TIMEOUT_MS = 5_000;
const MAX_MEMBERSHIP = 1000;
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
  /** The live fleet, read for the `membership` each agent is given of its replica group. */
  groups?: Pick<LiveFleet, "get" | "groupNodes" | "takeMembershipDirty">;
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
  /** Cuts off a decommissioned node's agent here, also while its handshake is under way. */
  disconnect: (nodeId: string) => void;
};

export type CommandResult = { delivered: true; outcome: CommandOutcome } | { delivered: false; error: string };

/** The agent side of the protocol: authenticate, then validate every event before ingest. */
export function attachAgentNamespace(io: Server, deps: AgentNamespaceDeps): { namespace: Namespace; directory: AgentDirectory; stop: () => void } {
  const namespace = io.of(AGENT_NAMESPACE);
  const { config, db, fleet, batcher, writer, metrics } = deps;
  const socketsByNode = new Map<string, AgentSocket>();
  const readyListeners: ((nodeId: string) => void)[] = [];
  const tokenBudgets = new TokenBudgets({ bytesPerSec: config.ingest.tokenBytesPerSec, byteBurst: config.ingest.tokenByteBurst });


  namespace.use(async (rawSocket, next) => {
    const socket = rawSocket as unknown as AgentSocket;
    try {
      const auth = parseOrThrow(agentHandshakeSchema, socket.handshake.auth, "handshake auth");
      if (!ACCEPTED_AGENT_PROTOCOLS.includes(auth.protocol)) {
        throw new AppError("protocol_mismatch", `server speaks agent protocol ${AGENT_PROTOCOL_VERSION}, agent sent ${auth.protocol}`);
      }
      if (auth.protocol < 2 && auth.credential !== undefined) throw new AppError("bad_request", "node credentials need agent protocol 2");
      const identity = await authenticateAgent(db, auth, config.bootstrap.agentToken, Date.now());
      const now = Date.now();
      // Last, so nothing after it can refuse the handshake and leave its place taken.
      const place = identity.kind === "enrollment" ? holdConnection(socket, identity.tokenId, identity.limits.maxConnections, now) : null;
      // A node's own credential still spends the budget of the token that enrolled it (when known).
      const tokenId = identity.kind === "enrollment" ? identity.tokenId : (identity.enrolledBy ?? null);
      const own = new TokenBucket(config.ingest.bytesPerSec, config.ingest.byteBurst, now);
      watchEvents(socket, new ByteMeter(own, tokenId === null ? null : tokenBudgets.bytes(tokenId, now), AGENT_NAMESPACE), place);
      socket.data = { nodeId: auth.nodeId, identity, bucket: new TokenBucket(config.ingest.eventsPerSec, config.ingest.eventBurst, now), helloDone: false, strikes: [] };
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
      const refuse = (reply: (response: Ack<T>) => void, error: unknown) => refuseEvent(socket, event, reply, error);
      // Synchronous for heartbeats and logs (no promise per event at 10,000 a second); hello awaits the store.
      // Bytes were judged before this listener runs (watchEvents).
      socket.on(event, (payload: unknown, ack: unknown) => {
        if (typeof ack !== "function") {
          strike(socket, "no_ack");
          return;
        }
        const reply = ack as (response: Ack<T>) => void;
        try {
          if (batcher.isStopped) throw new AppError("unavailable", "server is shutting down, retry");
          const now = Date.now();
          if (!socket.data.bucket.take(now)) throw new AppError("rate_limited", "too many events, slow down", { retryAfterMs: socket.data.bucket.waitMs(now) });
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
      // Zone, group, role, weight and priority as Vigil records them, not as the agent says (lib/auth/steering).
      const admitted = await admitHello(db, nodeId, hello, now);
      await writer.upsertNodeInfo(
        {
          id: nodeId, hostname: admitted.hostname, address: admitted.address ?? null, zone: admitted.zone ?? null, labels: JSON.stringify(admitted.labels ?? {}),
          weight: admitted.weight ?? 1, group: admitted.group ?? null, role: admitted.role ?? null, agentVersion: admitted.agentVersion,
        },
        now,
      );
      const stored = await writer.lastSeqs(nodeId);
      const live = fleet.lastSeqs(nodeId);
      const seqs = { heartbeat: Math.max(stored.heartbeat, live?.heartbeat ?? 0), log: Math.max(stored.log, live?.log ?? 0) };
      fleet.applyHello(nodeId, admitted, seqs, now);
      if (socketsByNode.get(nodeId) === socket) fleet.connected(nodeId, now);
      socket.data.helloDone = true;
      reply({ ok: true, data: { ...helloAck(nodeId, seqs, now), ...(credential ? { credential } : {}) } });
      // Before any command can follow: a follow is accepted only for an address in it.
      sendOwnMembership(socket);
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

  /**
   * A connection presenting an enrollment token holds one of the token's `maxConnections` places
   * on this instance until its transport closes (which also covers a handshake that never
   * completes: no disconnect event then). Answers how to give the place back (idempotent).
   */
  function holdConnection(socket: AgentSocket, tokenId: string, maxConnections: number | null, now: number): () => void {
    const release = tokenBudgets.admit(tokenId, maxConnections, now);
    if (!release) {
      throw new AppError("too_many_connections", `this enrollment token already has its ${maxConnections} live connections on this Vigil instance; retry later`);
    }
    socket.once("disconnect", release);
    socket.conn.once("close", release);
    if (socket.conn.readyState === "closed") release();
    return release;
  }

  /**
   * Charges every packet of the connection to its byte budgets as it arrives, and judges every
   * event (in arrival order, before any listener) by them: one over budget is answered here
   * with `rate_limited` and its retry delay, and goes no further. A connection holding a place
   * of its token gives it back at its first event after its hello enrolled the node: from then
   * on it speaks with the node's credential, not the token.
   */
  function watchEvents(socket: AgentSocket, meter: ByteMeter, place: (() => void) | null): void {
    const conn = socket.conn;
    const onPacket = (packet: { type: string; data?: unknown }) => {
      if (packet.type === "message") meter.received(packet.data, Date.now());
    };
    conn.on("packet", onPacket);
    socket.once("disconnect", () => conn.off("packet", onPacket));
    let held = place;
    socket.use((event, next) => {
      if (held && socket.data.identity.kind === "credential") {
        held();
        held = null;
      }
      const wait = meter.admitEvent(Date.now());
      if (wait === 0) return next();
      const ack: unknown = event[event.length - 1];
      if (typeof ack !== "function") return strike(socket, "no_ack");
      refuseEvent(socket, String(event[0]), ack as (response: Ack<never>) => void, new AppError("rate_limited", "too many bytes, slow down", { retryAfterMs: wait }));
    });
  }

  function refuseEvent(socket: AgentSocket, event: string, reply: (response: Ack<never>) => void, error: unknown): void {
    const body = toErrorBody(error);
    if (body.code === "internal") console.error(`[agent ${socket.data.nodeId}] ${event} failed`, error);
    metrics.rejected.inc({ reason: body.code });
    // A full backlog or a shutdown is the server's doing: the agents it refuses did nothing wrong.
    if (body.code !== "unavailable") strike(socket, body.code);
    reply({ ok: false, error: body });
  }

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
      // Token-only agents too: a node decommissioned while its handshake was in flight slipped past the removal.
      for (let start = 0; start < sockets.length; start += SWEEP_SLICE) {
        const slice = sockets.slice(start, start + SWEEP_SLICE);
        const current = await findNodeIdentities(db, slice.map((s) => s.data.nodeId));
        for (const socket of slice) {
          const { identity, nodeId } = socket.data;
          const row = current.get(nodeId);
          if (row?.approval === "decommissioned") {
            fleet.remove(nodeId, Date.now());
            socket.disconnect(true);
          } else if (identity.kind === "credential" && row?.credentialHash !== identity.credentialHash) socket.disconnect(true);
        }
      }
    } catch {
      // The next sweep tries again; a database hiccup must not cut anyone off.
    } finally {
      sweeping = false;
    }
  }, REVOCATION_SWEEP_MS);

  function emitMembership(socket: AgentSocket, membership: Membership): void {
    socket.timeout(MEMBERSHIP_ACK_TIMEOUT_MS).emitWithAck("membership", membership).catch(() => undefined);
  }

  function membershipFor(group: string, nodes: readonly NodeView[]): Membership {
    return { group, members: membershipOf(nodes).slice(0, MAX_MEMBERSHIP) };
  }

  /** The agent's group as Vigil knows it now, right after its hello. */
  function sendOwnMembership(socket: AgentSocket): void {
    const group = deps.groups?.get(socket.data.nodeId)?.group ?? null;
    if (group === null || !deps.groups) return;
    emitMembership(socket, membershipFor(group, deps.groups.groupNodes(new Set([group])).get(group) ?? []));
  }

  /** Groups whose members or addresses changed: each of their agents connected here gets the new membership. */
  const membershipTimer = setInterval(() => {
    const source = deps.groups;
    if (!source) return;
    const dirty = source.takeMembershipDirty();
    if (dirty.length === 0) return;
    for (const [group, nodes] of source.groupNodes(new Set(dirty))) {
      const connected = nodes.flatMap((node) => {
        const socket = socketsByNode.get(node.id);
        return socket?.data.helloDone ? [socket] : [];
      });
      if (connected.length === 0) continue;
      const membership = membershipFor(group, nodes);
      for (const socket of connected) emitMembership(socket, membership);
    }
  }, MEMBERSHIP_FLUSH_MS);

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
    disconnect(nodeId) {
      // Not only the socket that holds the node: one still saying hello would otherwise slip in.
      for (const socket of namespace.sockets.values()) if ((socket as unknown as AgentSocket).data.nodeId === nodeId) socket.disconnect(true);
    },
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

  return {
    namespace,
    directory,
    stop: () => {
      clearInterval(sweep);
      clearInterval(membershipTimer);
    },
  };
}

const NOT_CONNECTED = Symbol("not connected");
const agentRoom = (nodeId: string) => `agent:${nodeId}`;
