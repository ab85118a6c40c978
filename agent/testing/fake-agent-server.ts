import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import type { Ack } from "../../lib/protocol/common";
import {
  AGENT_NAMESPACE,
  AGENT_PROTOCOL_VERSION,
  heartbeatSchema,
  logsSchema,
  type CommandOutcome,
  type Membership,
  type MembershipAck,
  type Heartbeat,
  type HeartbeatAck,
  type HelloAck,
  type LogEntryInput,
  type LogsAck,
} from "../../lib/protocol/agent";

/**
 * A minimal in-process implementation of the server side of the /agent ack contract, for
 * tests and benchmarks of the agent: it stores by (node, seq), dedupes, and can misbehave.
 */
export type FakeAgentServerOptions = {
  token?: string;
  heartbeatIntervalMs?: number;
  /** Announced in the hello ack, like Vigil's VIGIL_AGENT_MAX_SEQ_JUMP. */
  maxSeqJump?: number;
  /** Decide per heartbeat: answer normally, late (stored and acknowledged after delayMs), with an error code, or not at all ("silent"). */
  onHeartbeat?: (nodeId: string, heartbeat: Heartbeat) => "store" | "silent" | { code: string } | { delayMs: number };
};

export type StoredNode = {
  heartbeats: Map<number, Heartbeat>;
  logs: Map<number, LogEntryInput>;
  duplicates: number;
  hellos: number;
};

export type FakeAgentServer = {
  url: string;
  nodes: Map<string, StoredNode>;
  node(nodeId: string): StoredNode;
  /** Drops every agent connection from the server side (like a server restart). */
  dropAll(): void;
  connectedCount(): number;
  /** Connections refused for a wrong token so far: a client that retries keeps raising it. */
  unauthorizedCount(): number;
  /** Emits a `command` to a connected agent and resolves with its ack (rejects on ack timeout). */
  sendCommand(nodeId: string, payload: unknown, ackTimeoutMs?: number): Promise<Ack<CommandOutcome>>;
  /** Emits a `membership` to a connected agent and resolves with its ack. */
  sendMembership(nodeId: string, payload: unknown, ackTimeoutMs?: number): Promise<Ack<MembershipAck>>;
  close(): Promise<void>;
};

export async function startFakeAgentServer(options: FakeAgentServerOptions = {}): Promise<FakeAgentServer> {
  const token = options.token ?? "test-token";
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ["websocket"] });
  const nodes = new Map<string, StoredNode>();
  const node = (nodeId: string): StoredNode => {
    let stored = nodes.get(nodeId);
    if (!stored) {
      stored = { heartbeats: new Map(), logs: new Map(), duplicates: 0, hellos: 0 };
      nodes.set(nodeId, stored);
    }
    return stored;
  };
  const maxKey = (map: Map<number, unknown>) => Math.max(0, ...map.keys());
  const namespace = io.of(AGENT_NAMESPACE);
  let unauthorized = 0;

  namespace.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const record = typeof auth === "object" && auth !== null ? (auth as Record<string, unknown>) : {};
    if (record.protocol !== AGENT_PROTOCOL_VERSION) {
      return next(Object.assign(new Error("protocol mismatch"), { data: { code: "protocol_mismatch" } }));
    }
    if (record.token !== token) {
      unauthorized++;
      return next(Object.assign(new Error("unauthorized"), { data: { code: "unauthorized" } }));
    }
    socket.data.nodeId = String(record.nodeId);
    next();
  });

  const sockets = new Map<string, Socket>();
  namespace.on("connection", (socket: Socket) => {
    const nodeId = String(socket.data.nodeId);
    sockets.set(nodeId, socket);
    socket.on("disconnect", () => {
      if (sockets.get(nodeId) === socket) sockets.delete(nodeId);
    });
    socket.on("hello", (_hello: unknown, ack: (response: Ack<HelloAck>) => void) => {
      const stored = node(nodeId);
      stored.hellos++;
      ack({
        ok: true,
        data: {
          nodeId,
          lastHeartbeatSeq: maxKey(stored.heartbeats),
          lastLogSeq: maxKey(stored.logs),
          heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
          serverTime: Date.now(),
          ...(options.maxSeqJump === undefined ? {} : { maxSeqJump: options.maxSeqJump }),
        },
      });
    });
    socket.on("heartbeat", (payload: unknown, ack: (response: Ack<HeartbeatAck>) => void) => {
      const parsed = heartbeatSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: { code: "bad_request", message: "invalid heartbeat" } });
      const decision = options.onHeartbeat?.(nodeId, parsed.data) ?? "store";
      if (decision === "silent") return;
      if (typeof decision === "object" && "code" in decision) return ack({ ok: false, error: { code: decision.code, message: "refused by test" } });
      const stored = node(nodeId);
      const duplicate = stored.heartbeats.has(parsed.data.seq);
      if (duplicate) stored.duplicates++;
      else stored.heartbeats.set(parsed.data.seq, parsed.data);
      const reply = () => ack({ ok: true, data: { seq: parsed.data.seq, duplicate } });
      if (typeof decision === "object") setTimeout(reply, decision.delayMs);
      else reply();
    });
    socket.on("logs", (payload: unknown, ack: (response: Ack<LogsAck>) => void) => {
      const parsed = logsSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: { code: "bad_request", message: "invalid logs" } });
      const stored = node(nodeId);
      let accepted = 0;
      for (const entry of parsed.data.entries) {
        if (stored.logs.has(entry.seq)) {
          stored.duplicates++;
          continue;
        }
        stored.logs.set(entry.seq, entry);
        accepted++;
      }
      const lastSeq = parsed.data.entries[parsed.data.entries.length - 1].seq;
      ack({ ok: true, data: { accepted, duplicates: parsed.data.entries.length - accepted, lastSeq } });
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nodes,
    node,
    dropAll: () => {
      namespace.disconnectSockets(true);
    },
    connectedCount: () => namespace.sockets.size,
    unauthorizedCount: () => unauthorized,
    sendCommand: async (nodeId, payload, ackTimeoutMs = 10_000) => {
      const socket = sockets.get(nodeId);
      if (!socket) throw new Error(`${nodeId} is not connected`);
      return (await socket.timeout(ackTimeoutMs).emitWithAck("command", payload)) as Ack<CommandOutcome>;
    },
    sendMembership: async (nodeId, payload, ackTimeoutMs = 10_000) => {
      const socket = sockets.get(nodeId);
      if (!socket) throw new Error(`${nodeId} is not connected`);
      return (await socket.timeout(ackTimeoutMs).emitWithAck("membership", payload as Membership)) as Ack<MembershipAck>;
    },
    close: async () => {
      namespace.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
