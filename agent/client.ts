import { io } from "socket.io-client";
import type { ManagerOptions, Socket, SocketOptions } from "socket.io-client";
import { z } from "zod";
import { ackErrorSchema, type Ack } from "../lib/protocol/common";
import {
  AGENT_NAMESPACE,
  AGENT_PROTOCOL_VERSION,
  LIMITS,
  type AgentToServerEvents,
  type Heartbeat,
  type Hello,
  type HelloAck,
  type LogEntryInput,
  type Metrics,
  type CommandOutcome,
  type Membership,
  type MembershipAck,
  type Placement,
  type PlacementAck,
  type Replication,
  type ServerToAgentEvents,
  membershipSchema,
  placementSchema,
} from "../lib/protocol/agent";
import { CommandExecutor } from "./commands";
import { classifyConnectError, classifyErrorAck, describeError } from "./connect-errors";
import { silentLogger, type AgentLogger } from "./logger";
import type { Spool, StreamName, StreamSpool } from "./spool";
import { StreamSender, type SendOutcome, type StreamStats } from "./stream-sender";

export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;
export type SocketFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => AgentSocket;
export type NewLogEntry = Omit<LogEntryInput, "seq">;

/** Where the agent keeps its node credential (a 0600 file in the state directory, for the real agent). */
export type CredentialStore = {
  load(): string | undefined;
  save(credential: string): void;
  clear(): void;
};

export function memoryCredentialStore(initial?: string): CredentialStore {
  let credential = initial;
  return {
    load: () => credential,
    save: (value) => {
      credential = value;
    },
    clear: () => {
      credential = undefined;
    },
  };
}

export type AgentClientOptions = {
  serverUrl: string;
  /** The enrollment token: buys this node its credential on the first connection (and again after a reset). */
  token?: string;
  /** The node's own credential, once enrolled; connects with it instead of the token. */
  credentials?: CredentialStore;
  nodeId: string;
  hello: Hello;
  /** Owned by the caller: the client never closes it. */
  spool: Spool;
  /** Until the server's hello ack says otherwise. */
  heartbeatIntervalMs?: number;
  logger?: AgentLogger;
  socketFactory?: SocketFactory;
  /** How long the hello may go unanswered before the agent reconnects. */
  ackTimeoutMs?: number;
  /**
   * How long a connection may go without a single acknowledgement while heartbeats or logs are
   * in flight before the agent gives up on it, reconnects and resends what is unacknowledged.
   */
  stallTimeoutMs?: number;
  maxHeartbeatsInFlight?: number;
  maxLogBatchesInFlight?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Items kept in memory before the first hello tells where numbering resumes. */
  maxPendingBeforeHello?: number;
  /** The server can never accept this agent (protocol mismatch). The client has stopped. */
  onFatal?: (error: Error) => void;
  /** Called after each successful hello. */
  onReady?: (ack: HelloAck) => void;
  /**
   * Runs the server's `command` events (fencing, idempotency, deadline). Without one, every
   * command is refused: this agent has nothing to run it with.
   */
  commands?: CommandExecutor;
  /**
   * Awaited after a command ran and before its outcome is acknowledged: the agent sends a fresh
   * heartbeat here, so the server sees the new state (a promoted role, say) no later than the
   * outcome and can verify it at once instead of a heartbeat interval later.
   */
  afterCommand?: () => Promise<void>;
};

export type ClientState = "idle" | "connecting" | "ready" | "stopped" | "killed";

export type AgentClientStats = {
  state: ClientState;
  connected: boolean;
  paused: boolean;
  connects: number;
  heartbeats: StreamStats;
  logs: StreamStats;
  /** Items held in memory only, because no hello has told where numbering resumes yet. */
  awaitingHello: number;
};

type Pending<T> = { items: Omit<T, "seq">[]; dropped: number };

const defaultSocketFactory: SocketFactory = (url, options) => io(url, options);

/**
 * The agent side of the /agent protocol, shared by the real agent and the simulator.
 * Every item gets a seq, waits in the spool until the server acknowledges it, and is resent
 * after a reconnect; the server dedupes by (node, seq), so nothing is lost or stored twice.
 */
export class AgentClient {
  private readonly options: AgentClientOptions;
  private readonly logger: AgentLogger;
  private socket: AgentSocket | undefined;
  private heldPlacement: Placement | undefined;
  private heldMembership: Membership | undefined;
  private state: ClientState = "idle";
  private paused = false;
  private connects = 0;
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** The server asked for no new attempt before this (a refused hello's `retryAfterMs`). */
  private reconnectNotBefore = 0;
  private intervalMs: number;
  private readonly ackTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private lastProgressAt = 0;
  private stallWatch: NodeJS.Timeout | undefined;
  /*
   * A spool that has never talked to a server does not know where numbering resumes (the
   * server may hold seqs from an earlier life of this node). Such items wait here, unnumbered.
   */
  private readonly synced: Record<StreamName, boolean>;
  private readonly pendingHeartbeats: Pending<Heartbeat> = { items: [], dropped: 0 };
  private readonly pendingLogs: Pending<LogEntryInput> = { items: [], dropped: 0 };
  private readonly heartbeats: StreamSender<Heartbeat>;
  private readonly logs: StreamSender<LogEntryInput>;
  private readonly commands: CommandExecutor;
  private readonly credentials: CredentialStore;
  private hello: Hello;

  constructor(options: AgentClientOptions) {
    this.options = options;
    this.credentials = options.credentials ?? memoryCredentialStore();
    this.logger = options.logger ?? silentLogger;
    this.hello = { ...options.hello };
    this.commands =
      options.commands ?? new CommandExecutor({ integration: { name: "empty", handlers: {} }, logger: this.logger });
    this.intervalMs = options.heartbeatIntervalMs ?? 1000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    const { spool } = options;
    this.synced = { heartbeats: spool.heartbeats.nextSeq() > 1, logs: spool.logs.nextSeq() > 1 };
    const canSend = () => this.state === "ready" && !this.paused;
    this.heartbeats = new StreamSender<Heartbeat>({
      label: "heartbeat",
      spool: spool.heartbeats,
      maxBatch: 1,
      maxInFlight: options.maxHeartbeatsInFlight ?? 64,
      canSend,
      logger: this.logger,
      emit: (items, done) => this.emitHeartbeat(items[0], done),
    });
    this.logs = new StreamSender<LogEntryInput>({
      label: "log entry",
      spool: spool.logs,
      maxBatch: LIMITS.logEntriesPerBatch,
      maxBatchChars: Math.floor(LIMITS.maxPacketBytes / 2),
      maxInFlight: options.maxLogBatchesInFlight ?? 4,
      canSend,
      logger: this.logger,
      emit: (items, done) => this.emitLogs(items, done),
    });
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** The interval the server asked for in its last hello ack (or the configured one). */
  get heartbeatIntervalMs(): number {
    return this.intervalMs;
  }

  get connected(): boolean {
    return this.state === "ready";
  }

  start(): void {
    if (this.state === "connecting" || this.state === "ready") return;
    this.state = "connecting";
    this.reconnectAttempts = 0;
    this.connect();
  }

  /** Sends what it can within `timeoutMs`, then disconnects cleanly. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.state === "stopped") return;
    const deadline = Date.now() + timeoutMs;
    while (this.state === "ready" && !this.paused && !this.drained() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.state = "stopped";
    this.clearReconnect();
    this.socket?.disconnect();
    this.heartbeats.disconnected();
    this.logs.disconnected();
  }

  /** Simulates a crash: the transport drops without a goodbye and stays down until start(). */
  disconnectAbruptly(): void {
    this.state = "killed";
    this.clearReconnect();
    const socket = this.socket;
    if (!socket) return;
    // Closing the engine skips the namespace DISCONNECT packet, so the server sees a transport
    // close exactly as it would for a dead process or a cut network.
    if (socket.io.engine) socket.io.engine.close();
    else socket.disconnect();
    this.heartbeats.disconnected();
    this.logs.disconnected();
  }

  /** Changes what the next hello says (e.g. the role after a promotion); sent on the next connect. */
  updateHello(patch: Partial<Hello>): void {
    this.hello = { ...this.hello, ...patch };
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.heartbeats.pump();
    this.logs.pump();
  }

  pushHeartbeat(metrics: Metrics, replication?: Replication): void {
    const body: Omit<Heartbeat, "seq"> = replication
      ? { ts: Date.now(), metrics, replication }
      : { ts: Date.now(), metrics };
    if (!this.synced.heartbeats) {
      this.holdUntilHello(this.pendingHeartbeats, body);
      return;
    }
    this.appendHeartbeat(body);
    this.heartbeats.pump();
  }

  pushLogs(entries: NewLogEntry[]): void {
    if (entries.length === 0) return;
    if (!this.synced.logs) {
      for (const entry of entries) this.holdUntilHello(this.pendingLogs, entry);
      return;
    }
    for (const entry of entries) this.appendLog(entry);
    this.logs.pump();
  }

  stats(): AgentClientStats {
    const heartbeats = this.heartbeats.stats();
    const logs = this.logs.stats();
    return {
      state: this.state,
      connected: this.state === "ready",
      paused: this.paused,
      connects: this.connects,
      heartbeats: { ...heartbeats, dropped: heartbeats.dropped + this.pendingHeartbeats.dropped },
      logs: { ...logs, dropped: logs.dropped + this.pendingLogs.dropped },
      awaitingHello: this.pendingHeartbeats.items.length + this.pendingLogs.items.length,
    };
  }

  private drained(): boolean {
    return this.heartbeats.idle() && this.logs.idle();
  }

  private appendHeartbeat(body: Omit<Heartbeat, "seq">): void {
    const stream = this.options.spool.heartbeats;
    stream.append({ seq: stream.nextSeq(), ...body });
  }

  private appendLog(entry: NewLogEntry): void {
    const stream = this.options.spool.logs;
    stream.append({ seq: stream.nextSeq(), ...entry });
  }

  private holdUntilHello<T>(pending: Pending<T>, item: Omit<T, "seq">): void {
    pending.items.push(item);
    if (pending.items.length <= (this.options.maxPendingBeforeHello ?? 10_000)) return;
    pending.items.shift();
    pending.dropped++;
  }

  private ensureSocket(): AgentSocket {
    if (this.socket) return this.socket;
    const { serverUrl } = this.options;
    const factory = this.options.socketFactory ?? defaultSocketFactory;
    const socket = factory(`${serverUrl.replace(/\/+$/, "")}${AGENT_NAMESPACE}`, {
      transports: ["websocket"],
      // One connection per node: never multiplex several nodes over one manager.
      forceNew: true,
      autoConnect: false,
      // Reconnection is ours: socket.io-client stops retrying after middleware errors.
      reconnection: false,
      timeout: 10_000,
      // A function, so each connect presents what the agent holds now (credential once enrolled).
      auth: (send) => send(this.handshakeAuth()),
    });
    socket.on("connect", () => this.sayHello(socket));
    socket.on("placement", (payload, ack) => this.onPlacement(payload, ack));
    socket.on("membership", (payload, ack) => this.onMembership(payload, ack));
    socket.on("command", (payload, ack) => this.onCommand(payload, ack));
    socket.on("connect_error", (error) => this.onConnectError(error));
    socket.on("disconnect", (reason) => this.onDisconnect(reason));
    this.socket = socket;
    return socket;
  }

  private connect(): void {
    this.ensureSocket().connect();
  }

  private sayHello(socket: AgentSocket): void {
    const hello: Hello = { ...this.hello, fencingEpoch: this.commands.epoch };
    socket.timeout(this.ackTimeoutMs).emit("hello", hello, (error: Error | null, response: Ack<HelloAck>) => {
      if (this.state !== "connecting" || socket !== this.socket) return;
      if (error) {
        this.logger.warn(`hello not acknowledged within ${this.ackTimeoutMs} ms; reconnecting`);
        this.dropConnection();
        return;
      }
      if (!response.ok) {
        const verdict = classifyErrorAck(response.error.code);
        this.logger.error(`server refused hello (${response.error.code}: ${response.error.message})`);
        if (verdict === "fatal") {
          this.fail(new Error(`server refused hello: ${response.error.message}`));
          return;
        }
        // Over a byte budget: the next connection waits at least as long as the server asked.
        const retryAfterMs = ackErrorSchema.safeParse(response.error).data?.retryAfterMs;
        if (retryAfterMs !== undefined) this.reconnectNotBefore = Date.now() + Math.min(retryAfterMs, 60_000);
        this.dropConnection();
        return;
      }
      this.onHelloAck(response.data);
    });
  }

  private handshakeAuth(): { nodeId: string; protocol: number; credential: string } | { nodeId: string; protocol: number; token: string } {
    const { nodeId } = this.options;
    const credential = this.credentials.load();
    if (credential) return { nodeId, protocol: AGENT_PROTOCOL_VERSION, credential };
    return { nodeId, protocol: AGENT_PROTOCOL_VERSION, token: this.options.token ?? "" };
  }

  private onHelloAck(ack: HelloAck): void {
    if (ack.credential) {
      this.credentials.save(ack.credential);
      this.logger.info(`enrolled as ${this.options.nodeId}: from now on this agent connects with its own credential`);
    }
    if (ack.pending) {
      this.logger.warn(`node ${this.options.nodeId} waits for an operator's approval in Vigil; retrying`);
      return;
    }
    this.commands.setCluster(ack.clusterId);
    const { spool } = this.options;
    resumeAfter(spool.heartbeats, ack.lastHeartbeatSeq, ack.maxSeqJump, "heartbeats", this.logger);
    resumeAfter(spool.logs, ack.lastLogSeq, ack.maxSeqJump, "log entries", this.logger);
    this.synced.heartbeats = true;
    this.synced.logs = true;
    for (const body of this.pendingHeartbeats.items.splice(0)) this.appendHeartbeat(body);
    for (const entry of this.pendingLogs.items.splice(0)) this.appendLog(entry);
    if (ack.heartbeatIntervalMs > 0) this.intervalMs = ack.heartbeatIntervalMs;
    this.state = "ready";
    this.connects++;
    this.reconnectAttempts = 0;
    this.logger.info(
      `connected to ${this.options.serverUrl} as ${this.options.nodeId}` +
        ` (resending ${spool.heartbeats.size()} heartbeats and ${spool.logs.size()} log entries)`,
    );
    this.options.onReady?.(ack);
    if (this.socket) this.watchForStall(this.socket);
    this.heartbeats.connected();
    this.logs.connected();
  }

  private emitHeartbeat(heartbeat: Heartbeat, done: (outcome: SendOutcome) => void): void {
    const socket = this.socket;
    if (!socket) return done({ kind: "retry", reason: "no socket" });
    socket.emit("heartbeat", heartbeat, (response: Ack<unknown>) => this.acknowledged(done, response));
  }

  private emitLogs(entries: LogEntryInput[], done: (outcome: SendOutcome) => void): void {
    const socket = this.socket;
    if (!socket) return done({ kind: "retry", reason: "no socket" });
    socket.emit("logs", { entries }, (response: Ack<unknown>) => this.acknowledged(done, response));
  }

  /*
   * No ack timeout per emit: a Socket.IO connection delivers in order or breaks, so an emit that
   * is late on a live connection is being worked on, and sending it again only doubles the work
   * of a server that is already behind (an overloaded Vigil was taken down by exactly that: every
   * agent resending everything after 10 s). A connection that acknowledges nothing at all for
   * stallTimeoutMs is given up instead; the hello of the next one says where to resume.
   */
  private acknowledged(done: (outcome: SendOutcome) => void, response: Ack<unknown>): void {
    this.lastProgressAt = Date.now();
    done(toOutcome(response));
  }

  private watchForStall(socket: AgentSocket): void {
    this.lastProgressAt = Date.now();
    clearInterval(this.stallWatch);
    this.stallWatch = setInterval(() => {
      if (socket !== this.socket || this.state !== "ready") return clearInterval(this.stallWatch);
      if (!this.heartbeats.busy() && !this.logs.busy()) {
        this.lastProgressAt = Date.now();
        return;
      }
      const silentMs = Date.now() - this.lastProgressAt;
      if (silentMs < this.stallTimeoutMs) return;
      clearInterval(this.stallWatch);
      this.logger.warn(`nothing acknowledged for ${Math.round(silentMs / 1000)} s on this connection; reconnecting`);
      this.dropConnection();
    }, Math.max(50, Math.min(1_000, this.stallTimeoutMs / 4)));
    this.stallWatch.unref();
  }

  private onConnectError(error: Error): void {
    if (this.state !== "connecting") return;
    const verdict = classifyConnectError(error);
    if (verdict === "re-enrol") {
      if (!this.options.token) {
        this.fail(new Error(`server no longer knows this node's credential and the agent has no enrollment token: ${describeError(error)}`));
        return;
      }
      this.logger.warn(`server no longer knows this node's credential (${describeError(error)}); enrolling again with the token`);
      this.credentials.clear();
      this.scheduleReconnect();
      return;
    }
    if (verdict === "fatal") {
      this.logger.error(`server refused the connection: ${describeError(error)}`);
      this.fail(new Error(`server refused the connection: ${describeError(error)}`));
      return;
    }
    const text = `cannot connect to ${this.options.serverUrl}: ${describeError(error)}`;
    if (verdict === "unauthorized") this.logger.error(`${text} (check the agent token or the node's credential)`);
    else if (this.reconnectAttempts === 0 || this.reconnectAttempts % 10 === 0) this.logger.warn(text);
    this.scheduleReconnect();
  }

  private onDisconnect(reason: string): void {
    this.heartbeats.disconnected();
    this.logs.disconnected();
    if (this.state !== "ready" && this.state !== "connecting") return;
    if (this.state === "ready") this.logger.warn(`disconnected (${reason}); reconnecting`);
    this.state = "connecting";
    this.scheduleReconnect();
  }

  /** Gives up on the current connection but not on the server. */
  private dropConnection(): void {
    this.socket?.disconnect();
  }

  private fail(error: Error): void {
    this.state = "stopped";
    this.clearReconnect();
    this.socket?.disconnect();
    this.options.onFatal?.(error);
  }

  /** The ring placement this agent holds; it acknowledges each epoch so Vigil sees who lags. */
  get placement(): Placement | undefined {
    return this.heldPlacement;
  }

  private onPlacement(payload: unknown, ack: unknown): void {
    const reply = typeof ack === "function" ? (ack as (response: Ack<PlacementAck>) => void) : () => undefined;
    const parsed = placementSchema.safeParse(payload);
    if (!parsed.success) {
      reply({ ok: false, error: { code: "bad_request", message: "invalid placement" } });
      return;
    }
    if (!this.heldPlacement || parsed.data.epoch >= this.heldPlacement.epoch) this.heldPlacement = parsed.data;
    reply({ ok: true, data: { epoch: this.heldPlacement.epoch } });
  }

  /** Vigil's latest membership of this node's replica group, as last received. */
  get membership(): Membership | undefined {
    return this.heldMembership;
  }

  /** Handed to the integration: a follow is accepted only for a member listed here (or a --peer). */
  private onMembership(payload: unknown, ack: unknown): void {
    const reply = typeof ack === "function" ? (ack as (response: Ack<MembershipAck>) => void) : () => undefined;
    const parsed = membershipSchema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
        .join("; ");
      reply({ ok: false, error: { code: "bad_request", message: `invalid membership: ${detail}` } });
      return;
    }
    this.heldMembership = parsed.data;
    this.commands.setMembership(parsed.data);
    reply({ ok: true, data: { members: parsed.data.members.length } });
  }

  /**
   * Answered even while paused (a hung service, not a dead agent) and whatever the connection
   * does meanwhile: the ack goes out on the socket the command came in on, if it still stands.
   */
  private onCommand(payload: unknown, ack: unknown): void {
    const reply = typeof ack === "function" ? (ack as (response: Ack<CommandOutcome>) => void) : () => undefined;
    const reportState = async () => {
      try {
        await this.options.afterCommand?.();
      } catch (error) {
        this.logger.warn(`reporting state after a command failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    void this.commands.handle(payload).then(
      async (outcome) => {
        await reportState();
        reply(outcome);
      },
      (error: unknown) => {
        this.logger.error(`command handling failed: ${error instanceof Error ? error.message : String(error)}`);
        reply({ ok: false, error: { code: "internal", message: "the agent failed to handle the command" } });
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.state !== "connecting") return;
    const base = this.options.reconnectDelayMs ?? 500;
    const max = this.options.reconnectDelayMaxMs ?? 30_000;
    // Gentle growth: a server restart of a few seconds is met within a second or two of it.
    const delay = Math.min(max, base * 1.5 ** Math.min(this.reconnectAttempts, 30));
    this.reconnectAttempts++;
    // Jitter spreads a whole fleet's reconnects after a server restart.
    const jittered = Math.max(this.reconnectNotBefore - Date.now(), delay * (0.5 + Math.random() * 0.5));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state === "connecting") this.connect();
    }, jittered);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }
}

/** The server's answer to a heartbeat or logs emit: only what the sender acts on is read. */
const streamAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: ackErrorSchema })]);

function toOutcome(response: unknown): SendOutcome {
  const parsed = streamAckSchema.safeParse(response);
  if (!parsed.success) return { kind: "retry", reason: "malformed ack" };
  const ack = parsed.data;
  if (ack.ok) return { kind: "ok" };
  const verdict = classifyErrorAck(ack.error.code);
  if (verdict === "reject") return { kind: "reject", code: ack.error.code, message: ack.error.message };
  const reason = `${ack.error.code}: ${ack.error.message}`;
  return ack.error.retryAfterMs === undefined ? { kind: "retry", reason } : { kind: "retry", reason, retryAfterMs: ack.error.retryAfterMs };
}

/**
 * Numbering resumes after what the server stores. A spool far ahead of it (the server's database
 * is new, or was restored from an old backup) would be refused item by item, so its items are
 * renumbered to follow on from the server's last seq.
 */
function resumeAfter<T extends { seq: number }>(stream: StreamSpool<T>, lastStored: number, maxJump: number | undefined, label: string, logger: AgentLogger): void {
  const firstPending = stream.firstAfter(-1)?.seq ?? stream.nextSeq();
  if (maxJump !== undefined && firstPending - 1 > lastStored + maxJump) {
    logger.warn(`the server stores ${label} up to seq ${lastStored} but this agent is at ${firstPending}: renumbering ${stream.size()} spooled ${label}`);
    stream.renumberFrom(lastStored + 1);
  }
  stream.setNextSeq(Math.max(stream.nextSeq(), lastStored + 1));
}
