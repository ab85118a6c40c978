import "server-only";
import type { Namespace, Server, Socket } from "socket.io";
import type { Config } from "../config";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Principal } from "../auth/principal";
import type { Db } from "../store/prisma";
import type { GroupsRun, LogFilter, UiClientToServerEvents, UiServerToClientEvents } from "../protocol/ui";
import type { LogView, MetricPoint, NodeEventView } from "../protocol/views";
import { principalFromHeaders } from "../auth/request-principal";
import { toErrorBody } from "../errors";
import { parseOrThrow } from "../protocol/common";
import { UI_NAMESPACE, UI_PUSH_INTERVAL_MS, uiSubscriptionSchema } from "../protocol/ui";
import { levelsAtLeast } from "../store/logs";

type UiSocketData = { principal: Principal; logFilter: LogFilter | null; node: string | null };
type UiSocket = Socket<UiClientToServerEvents, UiServerToClientEvents, Record<string, never>, UiSocketData>;

const FLEET_ROOM = "fleet";
const nodeRoom = (nodeId: string) => `node:${nodeId}`;
const MAX_BUFFERED_LOGS = 5_000;
const MAX_LOGS_PER_PUSH = 500;
/** Nodes whose metrics alone changed, per push (two a second): a 10,000-node fleet's figures refresh every five seconds. */
const MAX_METRIC_ONLY_NODES_PER_PUSH = 1_000;

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

  namespace.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : null;
      const principal = await principalFromHeaders(
        db,
        { authorization: token ? `Bearer ${token}` : null, cookie: socket.handshake.headers.cookie ?? null },
        config.bootstrap.apiToken,
      );
      if (!principal) {
        next(Object.assign(new Error("unauthorized: log in first"), { data: { code: "unauthorized", message: "log in first" } }));
        return;
      }
      socket.data = { principal, logFilter: null, node: null };
      next();
    } catch (error) {
      next(Object.assign(new Error("internal: authentication failed"), { data: toErrorBody(error) }));
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
    stop() {
      clearInterval(timer);
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
