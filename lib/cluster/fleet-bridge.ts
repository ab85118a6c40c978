import "server-only";
import type { Server } from "socket.io";
import { z } from "zod";
import type { LiveFleet } from "../fleet/live-fleet";
import type { Heartbeat, Hello } from "../protocol/agent";
import type { LogView, MetricPoint } from "../protocol/views";
import { heartbeatSchema, helloSchema } from "../protocol/agent";
import { LOG_LEVELS } from "../protocol/common";
import { steeringSchema, type Steering } from "../protocol/api/nodes";

/** What the agent namespace and the ingest batcher change in the live fleet. */
export type FleetInput = Pick<LiveFleet, "applyHello" | "lastSeqs" | "connected" | "disconnected" | "acceptHeartbeat" | "acceptLogSeqs" | "rewind" | "placementAcknowledged" | "applySteering" | "remove">;

const EVENT = "vigil:fleet";
/** Changes are batched between instances: a few messages a second, not one per heartbeat. */
const FLUSH_MS = 100;
const MAX_EVENTS_PER_MESSAGE = 5_000;

const logViewSchema = z.object({
  nodeId: z.string(),
  seq: z.number(),
  ts: z.number(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});

const fleetEventSchema = z.discriminatedUnion("t", [
  // `at`: when the hello began, so a stale one cannot revive a node removed meanwhile (absent from older instances).
  z.object({ t: z.literal("hello"), nodeId: z.string(), hello: helloSchema, seqs: z.object({ heartbeat: z.number(), log: z.number() }), at: z.number().optional() }),
  z.object({ t: z.literal("removed"), nodeId: z.string() }),
  z.object({ t: z.literal("connected"), nodeId: z.string() }),
  z.object({ t: z.literal("disconnected"), nodeId: z.string() }),
  z.object({ t: z.literal("heartbeat"), nodeId: z.string(), heartbeat: heartbeatSchema }),
  z.object({ t: z.literal("placement"), nodeId: z.string(), epoch: z.number() }),
  z.object({ t: z.literal("steering"), nodeId: z.string(), steering: steeringSchema }),
  z.object({ t: z.literal("logs"), entries: z.array(logViewSchema) }),
]);
type FleetEvent = z.infer<typeof fleetEventSchema>;
const fleetMessageSchema = z.object({ from: z.string(), events: z.array(fleetEventSchema).max(MAX_EVENTS_PER_MESSAGE) });

export function metricPointOf(heartbeat: Heartbeat): MetricPoint {
  const m = heartbeat.metrics;
  return {
    ts: heartbeat.ts, cpu: m.cpu, mem: m.mem, disk: m.disk, netIn: m.netIn, netOut: m.netOut, load1: m.load1,
    latencyMs: m.latencyMs ?? null, errorRate: m.errorRate ?? null,
  };
}

export type FleetBridge = {
  /** Hand this to the agent namespace and the ingest batcher instead of the fleet itself. */
  input: FleetInput;
  /** Log lines this instance stored, for log rules and live tails on the other instances. */
  logs: (entries: LogView[]) => void;
  stop: () => void;
};

/**
 * Every instance keeps the whole fleet live, whichever instance each agent is connected to:
 * what an agent says to this instance (hello, connection, heartbeats, logs) is applied here and
 * sent to the other instances through the Socket.IO adapter, which apply it in turn. So the
 * leader judges a node connected elsewhere from its heartbeats, and a browser anywhere sees it.
 *
 * Connection state follows its owner: a late "disconnected" from the instance an agent left
 * does not undo its connection to the instance it moved to.
 */
export function startFleetBridge(deps: {
  io: Server;
  fleet: LiveFleet;
  instanceId: string;
  onRemoteHeartbeat?: (nodeId: string, point: MetricPoint) => void;
  onRemoteLogs?: (entries: LogView[]) => void;
  /** Another instance decommissioned a node: cut off its agent if it is connected here. */
  onRemoteRemoved?: (nodeId: string) => void;
}): FleetBridge {
  const { io, fleet, instanceId } = deps;
  const owner = new Map<string, string>();
  let pending: FleetEvent[] = [];

  const publish = (event: FleetEvent) => {
    pending.push(event);
    if (pending.length >= MAX_EVENTS_PER_MESSAGE) flush();
  };
  const flush = () => {
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    io.serverSideEmit(EVENT, { from: instanceId, events });
  };
  const timer = setInterval(flush, FLUSH_MS);

  const input: FleetInput = {
    lastSeqs: (nodeId) => fleet.lastSeqs(nodeId),
    rewind: (nodeId, heartbeatSeq, logSeq) => fleet.rewind(nodeId, heartbeatSeq, logSeq),
    acceptLogSeqs: (nodeId, seqs) => fleet.acceptLogSeqs(nodeId, seqs),
    applyHello(nodeId: string, hello: Hello, seqs: { heartbeat: number; log: number }, now: number) {
      fleet.applyHello(nodeId, hello, seqs, now);
      publish({ t: "hello", nodeId, hello, seqs, at: now });
    },
    connected(nodeId: string, now: number) {
      owner.set(nodeId, instanceId);
      fleet.connected(nodeId, now);
      publish({ t: "connected", nodeId });
    },
    disconnected(nodeId: string, now: number) {
      if (owner.get(nodeId) !== instanceId) return;
      owner.delete(nodeId);
      fleet.disconnected(nodeId, now);
      publish({ t: "disconnected", nodeId });
    },
    acceptHeartbeat(nodeId: string, heartbeat: Heartbeat, now: number) {
      const fresh = fleet.acceptHeartbeat(nodeId, heartbeat, now);
      if (fresh) publish({ t: "heartbeat", nodeId, heartbeat });
      return fresh;
    },
    remove(nodeId: string, now: number) {
      owner.delete(nodeId);
      fleet.remove(nodeId, now);
      publish({ t: "removed", nodeId });
      // A decommission is rare and must reach every instance before its agent's next heartbeat.
      flush();
    },
    placementAcknowledged(nodeId: string, epoch: number) {
      fleet.placementAcknowledged(nodeId, epoch);
      publish({ t: "placement", nodeId, epoch });
    },
    applySteering(nodeId: string, steering: Steering) {
      fleet.applySteering(nodeId, steering);
      publish({ t: "steering", nodeId, steering });
    },
  };

  const apply = (from: string, event: FleetEvent, now: number) => {
    switch (event.t) {
      case "hello":
        fleet.applyHello(event.nodeId, event.hello, event.seqs, Math.min(event.at ?? now, now));
        return;
      case "connected":
        owner.set(event.nodeId, from);
        fleet.connected(event.nodeId, now);
        return;
      case "disconnected":
        if (owner.get(event.nodeId) !== from) return;
        owner.delete(event.nodeId);
        fleet.disconnected(event.nodeId, now);
        return;
      case "heartbeat": {
        if (!fleet.acceptHeartbeat(event.nodeId, event.heartbeat, now)) return;
        // An instance that started after this agent's hello learns who holds it from its heartbeats.
        if (owner.get(event.nodeId) !== from && !fleet.get(event.nodeId)?.connected) {
          owner.set(event.nodeId, from);
          fleet.connected(event.nodeId, now);
        }
        deps.onRemoteHeartbeat?.(event.nodeId, metricPointOf(event.heartbeat));
        return;
      }
      case "placement":
        fleet.placementAcknowledged(event.nodeId, event.epoch);
        return;
      case "steering":
        fleet.applySteering(event.nodeId, event.steering);
        return;
      case "removed":
        owner.delete(event.nodeId);
        fleet.remove(event.nodeId, now);
        deps.onRemoteRemoved?.(event.nodeId);
        return;
      case "logs":
        deps.onRemoteLogs?.(event.entries);
        return;
    }
  };

  io.on(EVENT, (raw: unknown) => {
    const parsed = fleetMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn(`[cluster] ignored a malformed fleet message: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return;
    }
    if (parsed.data.from === instanceId) return;
    const now = Date.now();
    for (const event of parsed.data.events) apply(parsed.data.from, event, now);
  });

  return {
    input,
    logs: (entries) => {
      if (entries.length) publish({ t: "logs", entries });
    },
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
