import { AgentClient, type AgentClientStats, type SocketFactory } from "../client";
import { CommandExecutor } from "../commands";
import { silentLogger, type AgentLogger } from "../logger";
import { createMemorySpool } from "../spool";
import { AGENT_VERSION } from "../version";
import { RECOVERY_ACTIONS, chaosRequestSchema, type ChaosRequest, type ChaosResult } from "./chaos-request";
import { buildFleetLayout, zoneName } from "./fleet-layout";
import { DEFAULT_LOG_RATE } from "./log-rhythm";
import { createRandom } from "./seeded-random";
import { createSimulatedIntegration, type SimulatedCommandOptions, type SimulatedFleet } from "./simulated-commands";
import { SimulatedNode, type SimulatedNodeView } from "./simulated-node";

export type SimulatorOptions = {
  serverUrl: string;
  token: string;
  /** Size of the whole fleet: the layout (ids, zones, groups, roles) is always built for all of it. */
  nodes: number;
  /**
   * Node indexes [start, end) of the layout this simulator drives (all of them by default). Other
   * processes drive the rest; a node's id, zone, group and role do not depend on the split.
   */
  slice?: { start: number; end: number };
  zones?: number;
  intervalMs?: number;
  seed?: number;
  prefix?: string;
  /** Receives a few fleet-level lines (first error of each kind), never per heartbeat. */
  logger?: AgentLogger;
  socketFactory?: SocketFactory;
  ackTimeoutMs?: number;
  /** Bound of each node's in-memory outbox per stream. */
  spoolMaxItems?: number;
  /** The server speaks another protocol version: nothing the simulator does can help. */
  onFatal?: (error: Error) => void;
  /** How long a simulated restart hangs and a re-pointed replica resyncs. */
  commands?: SimulatedCommandOptions;
  /** Log lines per node per second, averaged over the fleet and over time (bursts included). */
  logRate?: number;
  /**
   * Nodes are powered on evenly over this long (default: all at once), as a fleet reconnecting
   * after a server restart would rather than in one instant.
   */
  startRampMs?: number;
  /** Called for each heartbeat a node sends with how late it is against the node's schedule. */
  onBeatLateness?: (latenessMs: number) => void;
};

export type FleetStats = {
  nodes: number;
  connected: number;
  heartbeats: { sent: number; acked: number; resent: number; dropped: number; queued: number };
  logs: { sent: number; acked: number; resent: number; dropped: number; queued: number };
};

export type Simulator = {
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes(): SimulatedNodeView[];
  /** Validates like the HTTP control does; throws on an invalid request or no matching node. */
  chaos(request: ChaosRequest): ChaosResult;
  /** Resolves once every node that should be connected is (for tests and benchmarks). */
  waitUntilConnected(timeoutMs?: number): Promise<void>;
  stats(): FleetStats;
};

export class ChaosTargetError extends Error {}

/** Also the floor of the lateness the schedule monitor sees: a beat waits up to one tick. */
const SCHEDULER_TICK_MS = 20;
const START_RAMP_STEP_MS = 50;

/** The address a node reports in its hello: from its place in the whole fleet, whichever process runs it. */
export function simulatedAddress(zone: string, fleetIndex: number): string {
  return `10.${zone.charCodeAt(5) - 96}.${Math.floor(fleetIndex / 250)}.${(fleetIndex % 250) + 1}`;
}

/** The simulated data store of a node listens on the usual Redis port of its hello address. */
export function simulatedDataAddress(address: string): string {
  return `${address}:6379`;
}

/** Many simulated nodes in one process, each a real AgentClient speaking the real protocol. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const zones = Math.max(1, Math.min(26, options.zones ?? 3));
  const intervalMs = options.intervalMs ?? 1000;
  const seed = options.seed ?? 42;
  const layoutRandom = createRandom(seed);
  const logger = options.logger ?? silentLogger;
  const layout = buildFleetLayout({ nodes: options.nodes, zones, prefix: options.prefix ?? "sim", random: layoutRandom });
  const start = Math.max(0, Math.min(options.slice?.start ?? 0, layout.length));
  const end = Math.max(start, Math.min(options.slice?.end ?? layout.length, layout.length));
  // Load noise needs no agreement between processes: each slice draws from a stream of its own
  // (the first slice carries on from the layout's, as the whole fleet in one process always has).
  const random = start === 0 ? layoutRandom : createRandom((seed ^ Math.imul(start, 0x9e3779b1)) >>> 0);
  const logRate = options.logRate ?? DEFAULT_LOG_RATE;
  const fleetLogger = onceLogger(logger);
  let fatalReported = false;

  const byId = new Map<string, SimulatedNode>();
  const byAddress = new Map<string, SimulatedNode>();
  const fleet: SimulatedFleet = { node: (id) => byId.get(id), nodeAt: (address) => byAddress.get(address) };
  for (let fleetIndex = start; fleetIndex < end; fleetIndex++) {
    const spec = layout[fleetIndex];
    const address = simulatedAddress(spec.zone, fleetIndex);
    const client = new AgentClient({
      serverUrl: options.serverUrl,
      token: options.token,
      nodeId: spec.id,
      spool: createMemorySpool({ maxItems: options.spoolMaxItems ?? 20_000 }),
      heartbeatIntervalMs: intervalMs,
      logger: fleetLogger,
      socketFactory: options.socketFactory,
      ackTimeoutMs: options.ackTimeoutMs,
      hello: {
        hostname: `${spec.id}.sim.local`,
        address,
        zone: spec.zone,
        labels: spec.labels,
        weight: spec.cores / 8,
        group: spec.group,
        role: spec.role,
        agentVersion: `${AGENT_VERSION}-sim`,
      },
      onFatal: (error) => {
        if (fatalReported) return;
        fatalReported = true;
        logger.error(error.message);
        options.onFatal?.(error);
      },
      // Fencing and idempotency state in memory: a simulated agent never restarts.
      commands: new CommandExecutor({ integration: createSimulatedIntegration(spec.id, fleet, options.commands), logger: fleetLogger }),
    });
    const node = new SimulatedNode(spec, client, random, intervalMs, logRate, simulatedDataAddress(address));
    byId.set(spec.id, node);
    byAddress.set(address, node);
  }
  const all = [...byId.values()];
  // Looked up per beat: promote and follow commands re-point replicas.
  const primaryOf = (node: SimulatedNode) => (node.spec.following ? byId.get(node.spec.following) : undefined);

  let scheduler: NodeJS.Timeout | undefined;
  let launcher: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = Date.now();
    // One timer for the whole fleet: each node beats when its own phase comes due.
    for (const node of all) {
      if (now < node.nextDueAt) continue;
      const latenessMs = now - node.nextDueAt;
      // Hung and killed nodes keep their rhythm too, so they resume on schedule.
      node.nextDueAt = Math.max(node.nextDueAt + intervalMs, now - intervalMs);
      if (!node.producing) continue;
      // A tick that has many beats to send (after a stall) makes the last of them later still.
      options.onBeatLateness?.(latenessMs + (Date.now() - now));
      node.beat(now, primaryOf(node));
    }
  };
  const launchAll = (rampMs: number) => {
    if (rampMs <= 0 || all.length <= 1) {
      for (const node of all) node.launch(Date.now(), intervalMs);
      return;
    }
    const perStep = Math.max(1, Math.ceil((all.length * START_RAMP_STEP_MS) / rampMs));
    let next = 0;
    const step = () => {
      const now = Date.now();
      for (const node of all.slice(next, next + perStep)) node.launch(now, intervalMs);
      next += perStep;
      if (next >= all.length && launcher) clearInterval(launcher);
    };
    launcher = setInterval(step, START_RAMP_STEP_MS);
    step();
  };

  const targets = (request: ChaosRequest): SimulatedNode[] => {
    if (request.nodes === undefined && request.zone === undefined) {
      if (RECOVERY_ACTIONS.has(request.action)) return all;
      throw new ChaosTargetError(`"${request.action}" needs "nodes" or "zone"`);
    }
    const chosen = new Set<SimulatedNode>();
    for (const id of request.nodes ?? []) {
      const node = byId.get(id);
      if (!node) throw new ChaosTargetError(`unknown node "${id}"`);
      chosen.add(node);
    }
    if (request.zone !== undefined) {
      const inZone = all.filter((node) => node.spec.zone === request.zone);
      if (inZone.length === 0) {
        const known = Array.from({ length: zones }, (_, index) => zoneName(index)).join(", ");
        throw new ChaosTargetError(`unknown zone "${request.zone}" (zones: ${known})`);
      }
      for (const node of inZone) chosen.add(node);
    }
    return [...chosen];
  };

  const apply = (node: SimulatedNode, request: ChaosRequest): void => {
    switch (request.action) {
      case "kill":
        node.stopFlapping();
        node.killed = true;
        break;
      case "revive":
        // A restarted process is neither hung nor flapping any more.
        node.stopFlapping();
        node.killed = false;
        node.hung = false;
        break;
      case "hang":
        node.hung = true;
        break;
      case "unhang":
        node.hung = false;
        break;
      case "slow":
        node.slowJitterMs = request.jitterMs ?? 2000;
        break;
      case "unslow":
        node.slowJitterMs = 0;
        break;
      case "outlier":
        node.outlier = true;
        break;
      case "normal":
        node.outlier = false;
        break;
      case "crashloop":
        // Only the service flips; the agent stays connected and heartbeating (unlike "flap").
        node.startCrashLoop(request.periodMs ?? 5_000, Date.now());
        break;
      case "stable":
        node.stopCrashLoop();
        break;
      case "flap": {
        node.stopFlapping();
        const periodMs = request.periodMs ?? 10_000;
        node.killed = true;
        node.flapTimer = setInterval(() => {
          node.killed = !node.killed;
          node.syncConnection();
        }, periodMs);
        node.flapTimer.unref();
        break;
      }
      case "partition":
        node.partitioned = true;
        break;
      case "heal":
        node.partitioned = false;
        break;
    }
    node.syncConnection();
  };

  let started = false;
  return {
    async start() {
      if (started) return;
      started = true;
      launchAll(options.startRampMs ?? 0);
      scheduler = setInterval(tick, Math.min(SCHEDULER_TICK_MS, intervalMs));
    },
    async stop() {
      started = false;
      if (scheduler) clearInterval(scheduler);
      if (launcher) clearInterval(launcher);
      scheduler = undefined;
      for (const node of all) node.stopFlapping();
      await Promise.all(all.map((node) => node.client.stop(node.killed || node.partitioned ? 0 : 2000)));
    },
    nodes: () => all.map((node) => node.view()),
    chaos(input) {
      const request = chaosRequestSchema.parse(input);
      const chosen = targets(request);
      for (const node of chosen) apply(node, request);
      return { action: request.action, affected: chosen.map((node) => node.spec.id) };
    },
    async waitUntilConnected(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const expected = () => all.filter((node) => !node.killed && !node.partitioned);
      while (expected().some((node) => !node.client.connected)) {
        if (Date.now() > deadline) {
          const missing = expected().filter((node) => !node.client.connected).length;
          throw new Error(`${missing} simulated nodes not connected after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stats: () => fleetStats(all.map((node) => node.client.stats())),
  };
}

function fleetStats(stats: AgentClientStats[]): FleetStats {
  const empty = () => ({ sent: 0, acked: 0, resent: 0, dropped: 0, queued: 0 });
  const total: FleetStats = { nodes: stats.length, connected: 0, heartbeats: empty(), logs: empty() };
  for (const node of stats) {
    if (node.connected) total.connected++;
    for (const stream of ["heartbeats", "logs"] as const) {
      for (const key of ["sent", "acked", "resent", "dropped", "queued"] as const) total[stream][key] += node[stream][key];
    }
  }
  return total;
}

/**
 * Hundreds of nodes hitting the same problem (server down, bad token) would print the same
 * line hundreds of times: pass each distinct message on once, with the node id stripped.
 */
function onceLogger(logger: AgentLogger): AgentLogger {
  const seen = new Set<string>();
  const once = (write: (message: string) => void) => (message: string) => {
    const key = message.replace(/ as \S+/, "");
    if (seen.has(key)) return;
    if (seen.size > 1000) seen.clear();
    seen.add(key);
    write(message);
  };
  return { info: () => {}, warn: once((message) => logger.warn(message)), error: once((message) => logger.error(message)) };
}
