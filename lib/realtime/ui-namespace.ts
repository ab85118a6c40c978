import "server-only";
import type { Namespace, Server, Socket } from "socket.io";
import type { Config } from "../config";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Principal } from "../auth/principal";
import type { Db } from "../store/prisma";
import type { GroupsRun, LogFilter, UiClientToServerEvents, UiServerToClientEvents } from "../protocol/ui";
import type { ProblemsView } from "../protocol/api/problems";
import type { LogView, MetricPoint, NodeEventView } from "../protocol/views";
import type { LiveCredential } from "./ui-credential-check";
import type { LiveConnectionMatch } from "./ui-sessions";
import { BOOTSTRAP_API_TOKEN_ID } from "../auth/api-tokens";
import { requireScope } from "../auth/principal";
import { principalFromHeaders } from "../auth/request-principal";
import { hashSecret } from "../auth/secrets";
import { readCookie, SESSION_COOKIE } from "../auth/sessions";
import { AppError, toErrorBody } from "../errors";
import { parseOrThrow } from "../protocol/common";
import { REPLICA_GROUPS_SIGNAL_MS, UI_NAMESPACE, UI_PUSH_INTERVAL_MS, uiSubscriptionSchema } from "../protocol/ui";
import { readLiveCredentials } from "../store/live-credentials";
import { levelsAtLeast } from "../store/logs";
import { judgeLiveCredential } from "./ui-credential-check";
import { originProblem } from "./ui-origin";
import { registerLiveConnections } from "./ui-sessions";

type UiSocketData = { principal: Principal; credential: LiveCredential; logFilter: LogFilter | null; node: string | null };
type UiSocket = Socket<UiClientToServerEvents, UiServerToClientEvents, Record<string, never>, UiSocketData>;

const FLEET_ROOM = "fleet";
const nodeRoom = (nodeId: string) => `node:${nodeId}`;
const MAX_BUFFERED_LOGS = 5_000;
const MAX_LOGS_PER_PUSH = 500;
/** Nodes whose metrics alone changed, per push (two a second): a 10,000-node fleet's figures refresh every five seconds. */
const MAX_METRIC_ONLY_NODES_PER_PUSH = 1_000;
/** How often every live socket's session or token is read again (revocations another instance made, expiry, idle time). */
const CREDENTIAL_RECHECK_MS = 15_000;
/** Rooms by credential, so a logout, a deletion or a revocation reaches the sockets on every instance through the adapter. */
const credentialRooms = (match: LiveConnectionMatch) => [
  ...(match.sessionId ? [`session:${match.sessionId}`] : []),
  ...(match.userId ? [`user:${match.userId}`] : []),
  ...(match.tokenId ? [`token:${match.tokenId}`] : []),
];

export type UiFeed = {
  /** Whether a browser watches this node's samples (only those are buffered). */
  watches: (nodeId: string) => boolean;
  heartbeat: (nodeId: string, point: MetricPoint) => void;
  logs: (entries: LogView[]) => void;
  events: (events: NodeEventView[]) => void;
  groups: (run: GroupsRun) => void;
  /** The leader's recovery round saw or decided something new. */
  recoveryChanged: () => void;
  /** This instance noticed a new ring epoch (each instance's ring job notices it by itself). */
  ringChanged: () => void;
  /** Whether any browser is connected here (the problems watch reads nothing while none is). */
  hasBrowsers: () => boolean;
  /** What is wrong changed: to this instance's browsers (each instance adds its own health). */
  problems: (view: ProblemsView) => void;
  /** The leader's replication check saw a group change (primary, lag, problems, incidents). */
  replicaGroupsChanged: () => void;
  stop: () => void;
};

/**
 * Browsers get coalesced deltas every UI_PUSH_INTERVAL_MS, never one message per heartbeat:
 * changed nodes and fleet stats, new samples of the node a page watches, matching log lines.
 */
export function attachUiNamespace(
  io: Server,
  deps: { config: Config; db: Db; fleet: LiveFleet; rates: () => { heartbeatsPerSec: number; logsPerSec: number } },
): UiFeed {
  const namespace: Namespace<UiClientToServerEvents, UiServerToClientEvents, Record<string, never>, UiSocketData> = io.of(UI_NAMESPACE);
  const { config, db, fleet } = deps;
  const pendingSamples = new Map<string, MetricPoint[]>();
  let pendingLogs: LogView[] = [];
  let pendingEvents: NodeEventView[] = [];
  let recoveryChanged = false;
  let ringChanged = false;
  let replicaGroupsChanged = false;
  let replicaGroupsSignalledAt = 0;

  namespace.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
      const cookie = socket.handshake.headers.cookie ?? null;
      // Without any credential there is nothing to hijack: say what is missing, not where from.
      if (token === null && readCookie(cookie, SESSION_COOKIE) === null) throw new AppError("unauthorized", "log in first");
      const { origin, host } = socket.handshake.headers;
      const forwardedHost = socket.handshake.headers["x-forwarded-host"];
      const problem = originProblem({
        origin: origin ?? null,
        host: host ?? null,
        forwardedHost: typeof forwardedHost === "string" ? forwardedHost : null,
        externalUrl: config.externalUrl,
        bearer: token !== null,
      });
      if (problem) throw new AppError("forbidden", problem);
      const principal = await principalFromHeaders(db, { authorization: token ? `Bearer ${token}` : null, cookie }, config.bootstrap.apiToken);
      if (!principal) throw new AppError("unauthorized", "log in first");
      // The live feed is a read: a token without the `read` scope (alerts:ingest) may not open it.
      requireScope(principal, ["read"]);
      const credential = credentialOf(principal, token ? null : readCookie(cookie, SESSION_COOKIE));
      socket.data = { principal, credential, logFilter: null, node: null };
      socket.join(credentialRooms(matchOf(credential)));
      next();
    } catch (error) {
      const body = toErrorBody(error);
      next(Object.assign(new Error(`${body.code}: ${body.message}`), { data: body }));
    }
  });

  namespace.on("connection", (socket: UiSocket) => {
    socket.on("subscribe", (raw, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      try {
        const subscription = parseOrThrow(uiSubscriptionSchema, raw, "subscription");
        if (subscription.fleet === true) socket.join(FLEET_ROOM);
        if (subscription.fleet === false) socket.leave(FLEET_ROOM);
        if (subscription.node !== undefined) {
          if (socket.data.node) socket.leave(nodeRoom(socket.data.node));
          socket.data.node = subscription.node;
          if (subscription.node) socket.join(nodeRoom(subscription.node));
        }
        if (subscription.logs !== undefined) socket.data.logFilter = subscription.logs;
        reply({ ok: true, data: { subscribed: true } });
      } catch (error) {
        reply({ ok: false, error: toErrorBody(error) });
      }
    });
  });

  function push(): void {
    const now = Date.now();
    const nodes = fleet.takeUiDirty(MAX_METRIC_ONLY_NODES_PER_PUSH);
    const removed = fleet.takeUiRemoved();
    // Every instance holds the whole fleet live (lib/cluster/fleet-bridge) and serves its own
    // browsers from it; only events and grouping runs, which the leader alone produces, go to all.
    if (namespace.adapter.rooms.has(FLEET_ROOM)) namespace.local.to(FLEET_ROOM).emit("fleet:delta", { at: now, nodes, ...(removed.length ? { removed } : {}), stats: fleet.stats(now, deps.rates()) });
    for (const node of nodes) if (watched(node.id)) namespace.local.to(nodeRoom(node.id)).emit("node:state", node);
    if (pendingEvents.length) {
      namespace.to(FLEET_ROOM).emit("node:events", { events: pendingEvents });
      for (const event of pendingEvents) {
        if (watched(event.nodeId)) namespace.to(nodeRoom(event.nodeId)).except(FLEET_ROOM).emit("node:events", { events: [event] });
      }
      pendingEvents = [];
    }
    // Recovery rounds run on the leader alone: through the adapter to every instance's browsers.
    if (recoveryChanged) namespace.emit("recovery:changed", { at: now });
    if (ringChanged) namespace.local.emit("ring:changed", { at: now });
    recoveryChanged = ringChanged = false;
    // Leader-only like recovery, so through the adapter; throttled, since lag alone changes every check.
    if (replicaGroupsChanged && now - replicaGroupsSignalledAt >= REPLICA_GROUPS_SIGNAL_MS) {
      namespace.emit("replica-groups:changed", { at: now });
      replicaGroupsChanged = false;
      replicaGroupsSignalledAt = now;
    }
    for (const [nodeId, points] of pendingSamples) namespace.local.to(nodeRoom(nodeId)).emit("node:samples", { nodeId, points });
    pendingSamples.clear();
    if (pendingLogs.length) {
      const logs = pendingLogs;
      pendingLogs = [];
      for (const socket of namespace.sockets.values()) {
        const filter = socket.data.logFilter;
        if (!filter) continue;
        const matching = logs.filter(logMatcher(filter)).slice(-MAX_LOGS_PER_PUSH);
        if (matching.length) socket.emit("logs:tail", { entries: matching });
      }
    }
  }

  const timer = setInterval(push, UI_PUSH_INTERVAL_MS);

  async function recheck(sockets: UiSocket[]): Promise<void> {
    if (sockets.length === 0) return;
    const credentials = sockets.map((socket) => socket.data.credential);
    const read = await readLiveCredentials(db, {
      sessionIds: [...new Set(credentials.flatMap((c) => (c.kind === "session" ? [c.sessionId] : [])))],
      tokenIds: [...new Set(credentials.flatMap((c) => (c.kind === "token" ? [c.tokenId] : [])))],
    });
    const rows = { sessions: new Map(read.sessions.map((row) => [row.id, row])), tokens: new Map(read.tokens.map((row) => [row.id, row])) };
    const now = Date.now();
    for (const socket of sockets) {
      const verdict = judgeLiveCredential(socket.data.credential, rows, now, config.sessionIdleMs);
      if (!verdict.keep) socket.disconnect(true);
      else if (verdict.role) socket.data.principal = { ...socket.data.principal, role: verdict.role };
    }
  }

  let rechecking = false;
  const recheckTimer = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    recheck([...namespace.sockets.values()])
      .catch((error) => console.error(`[ui] credential re-check failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (rechecking = false));
  }, CREDENTIAL_RECHECK_MS);
  recheckTimer.unref();

  registerLiveConnections({
    cutOff(match) {
      const rooms = credentialRooms(match);
      if (rooms.length) namespace.in(rooms).disconnectSockets(true);
    },
    async recheck(match) {
      const rooms = new Set(credentialRooms(match));
      await recheck([...namespace.sockets.values()].filter((socket) => [...socket.rooms].some((room) => rooms.has(room))));
    },
  });

  return {
    watches: watched,
    heartbeat(nodeId, point) {
      // Only nodes someone is watching are buffered; the rest cost nothing here.
      if (!watched(nodeId)) return;
      const points = pendingSamples.get(nodeId);
      if (points) points.push(point);
      else pendingSamples.set(nodeId, [point]);
    },
    logs(entries) {
      if (!hasLogWatchers()) return;
      pendingLogs.push(...entries);
      if (pendingLogs.length > MAX_BUFFERED_LOGS) pendingLogs = pendingLogs.slice(-MAX_BUFFERED_LOGS);
    },
    events(events) {
      pendingEvents.push(...events);
    },
    groups(run) {
      namespace.emit("groups:run", run);
    },
    recoveryChanged() {
      recoveryChanged = true;
    },
    ringChanged() {
      ringChanged = true;
    },
    hasBrowsers: () => namespace.sockets.size > 0,
    problems(view) {
      namespace.local.emit("problems:changed", view);
    },
    replicaGroupsChanged() {
      replicaGroupsChanged = true;
    },
    stop() {
      clearInterval(timer);
      clearInterval(recheckTimer);
      registerLiveConnections(null);
    },
  };

  function watched(nodeId: string): boolean {
    return namespace.adapter.rooms.has(nodeRoom(nodeId));
  }

  function hasLogWatchers(): boolean {
    for (const socket of namespace.sockets.values()) if (socket.data.logFilter) return true;
    return false;
  }
}

function logMatcher(filter: LogFilter): (entry: LogView) => boolean {
  const levels = new Set(levelsAtLeast(filter.level));
  const needle = filter.q?.toLowerCase();
  return (entry) =>
    (!filter.nodeId || entry.nodeId === filter.nodeId) &&
    levels.has(entry.level) &&
    (!needle || entry.message.toLowerCase().includes(needle));
}

function credentialOf(principal: Principal, sessionToken: string | null): LiveCredential {
  if (principal.kind === "token") return principal.id === BOOTSTRAP_API_TOKEN_ID ? { kind: "bootstrap" } : { kind: "token", tokenId: principal.id };
  // principalFromHeaders found a user by the session cookie, so the cookie is there.
  return { kind: "session", sessionId: hashSecret(sessionToken ?? ""), userId: principal.id };
}

function matchOf(credential: LiveCredential): LiveConnectionMatch {
  if (credential.kind === "session") return { sessionId: credential.sessionId, userId: credential.userId };
  if (credential.kind === "token") return { tokenId: credential.tokenId };
  return {};
}
