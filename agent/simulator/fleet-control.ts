import { z } from "zod";
import type { AgentLogger } from "../logger";
import type { ChaosRequest, ChaosResult } from "./chaos-request";
import { CHAOS_ACTIONS } from "./chaos-request";
import { maxProcessCount, type FleetSlice } from "./fleet-slice";
import { ScheduleMonitor, scheduleTotalsSchema, summarizeSchedule, type ScheduleTotals } from "./schedule-monitor";
import { watchSchedule } from "./schedule-watch";
import type { SimulatedNodeView } from "./simulated-node";
import { createSimulator, type FleetStats } from "./simulator";

/**
 * A running simulated fleet as the CLI, its control port and random chaos see it: one process
 * (a local simulator) or several (children, each a slice of the fleet), behind the same calls.
 */
export type FleetControl = {
  chaos(request: ChaosRequest): Promise<ChaosResult>;
  nodes(): Promise<SimulatedNodeView[]>;
  stats(): Promise<FleetStats>;
  status(): Promise<FleetStatus>;
  waitUntilConnected(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
};

/** What every process simulating (part of) a fleet is told. */
export const fleetConfigSchema = z.object({
  serverUrl: z.string().min(1),
  token: z.string().min(1),
  nodes: z.number().int().min(1),
  zones: z.number().int().min(1),
  intervalMs: z.number().int().min(1),
  seed: z.number().int().min(0),
  prefix: z.string().min(1),
  logRate: z.number().min(0),
  startRampMs: z.number().min(0),
  /** How many processes share the fleet, and the machine's cores: for the behind-schedule advice. */
  processes: z.number().int().min(1),
  cores: z.number().int().min(1),
});
export type FleetConfig = z.infer<typeof fleetConfigSchema>;

const streamStatsSchema = z.object({
  sent: z.number(),
  acked: z.number(),
  resent: z.number(),
  dropped: z.number(),
  queued: z.number(),
});

export const fleetStatsSchema = z.object({
  nodes: z.number().int().min(0),
  connected: z.number().int().min(0),
  heartbeats: streamStatsSchema,
  logs: streamStatsSchema,
});

export const processStatusSchema = z.object({
  /** 0-based; the CLI prints it 1-based. */
  index: z.number().int().min(0),
  pid: z.number().int(),
  nodes: z.number().int().min(0),
  /** Node indexes [start, end) of the whole fleet's layout. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  stats: fleetStatsSchema,
  schedule: scheduleTotalsSchema,
});
export type ProcessStatus = z.infer<typeof processStatusSchema>;

export type FleetStatus = { stats: FleetStats; intervalMs: number; processes: ProcessStatus[] };

export const fleetStatusSchema = z.object({ stats: fleetStatsSchema, intervalMs: z.number(), processes: z.array(processStatusSchema) });

export const chaosResultSchema = z.object({ action: z.enum(CHAOS_ACTIONS), affected: z.array(z.string()) });

const clientStatsSchema = z.object({
  state: z.enum(["idle", "connecting", "ready", "stopped", "killed"]),
  connected: z.boolean(),
  paused: z.boolean(),
  connects: z.number(),
  heartbeats: streamStatsSchema,
  logs: streamStatsSchema,
  awaitingHello: z.number(),
});

export const nodeViewSchema = z.object({
  id: z.string(),
  zone: z.string(),
  group: z.string(),
  role: z.enum(["primary", "replica"]),
  following: z.string().optional(),
  epoch: z.number(),
  shape: z.enum(["steady", "diurnal", "bursty", "hot"]),
  status: z.enum(["running", "killed", "hung", "partitioned"]),
  connected: z.boolean(),
  slowJitterMs: z.number(),
  outlier: z.boolean(),
  flapping: z.boolean(),
  crashLooping: z.boolean(),
  serviceUp: z.boolean(),
  stats: clientStatsSchema,
}) satisfies z.ZodType<SimulatedNodeView>;

export function sumFleetStats(parts: FleetStats[]): FleetStats {
  const empty = () => ({ sent: 0, acked: 0, resent: 0, dropped: 0, queued: 0 });
  const total: FleetStats = { nodes: 0, connected: 0, heartbeats: empty(), logs: empty() };
  for (const part of parts) {
    total.nodes += part.nodes;
    total.connected += part.connected;
    for (const stream of ["heartbeats", "logs"] as const) {
      for (const key of ["sent", "acked", "resent", "dropped", "queued"] as const) total[stream][key] += part[stream][key];
    }
  }
  return total;
}

export type LocalFleet = FleetControl & { processStatus(): ProcessStatus };

/**
 * The fleet (or one slice of it) simulated in this process, with its schedule measured and a
 * warning printed while it falls behind.
 */
export function startLocalFleet(
  config: FleetConfig,
  slice: FleetSlice,
  logger: AgentLogger,
  onFatal: (error: Error) => void,
): LocalFleet & { start(): Promise<void> } {
  const monitor = new ScheduleMonitor();
  const simulator = createSimulator({
    serverUrl: config.serverUrl,
    token: config.token,
    nodes: config.nodes,
    slice,
    zones: config.zones,
    intervalMs: config.intervalMs,
    seed: config.seed,
    prefix: config.prefix,
    logRate: config.logRate,
    startRampMs: config.startRampMs,
    logger,
    onFatal,
    onBeatLateness: (latenessMs) => monitor.recordBeat(latenessMs),
  });
  const watch = watchSchedule(monitor, {
    intervalMs: config.intervalMs,
    logger,
    context: { nodes: slice.end - slice.start, processes: config.processes, cores: config.cores, maxProcesses: maxProcessCount(config.cores) },
  });
  const processStatus = (): ProcessStatus => ({
    index: slice.index,
    pid: process.pid,
    nodes: slice.end - slice.start,
    start: slice.start,
    end: slice.end,
    stats: simulator.stats(),
    schedule: monitor.totals(),
  });
  return {
    start: () => simulator.start(),
    chaos: async (request) => simulator.chaos(request),
    nodes: async () => simulator.nodes(),
    stats: async () => simulator.stats(),
    status: async () => ({ stats: simulator.stats(), intervalMs: config.intervalMs, processes: [processStatus()] }),
    processStatus,
    waitUntilConnected: (timeoutMs) => simulator.waitUntilConnected(timeoutMs),
    async stop() {
      watch.stop();
      await simulator.stop();
    },
  };
}

/**
 * The CLI's periodic line: connections and streams of the whole fleet, and the punctuality of
 * its least punctual process since the previous line.
 */
export function statusLine(status: FleetStatus, previous: Map<number, ScheduleTotals>): string {
  const { stats } = status;
  let worst: { p99: number; max: number; loopP99: number; loopMax: number } | undefined;
  for (const each of status.processes) {
    const summary = summarizeSchedule(each.schedule, previous.get(each.index));
    previous.set(each.index, each.schedule);
    if (!Number.isFinite(summary.latenessP99Ms)) continue;
    if (!worst || summary.latenessP99Ms > worst.p99) {
      worst = { p99: summary.latenessP99Ms, max: summary.latenessMaxMs, loopP99: summary.loopLagP99Ms, loopMax: summary.loopLagMaxMs };
    }
  }
  const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "n/a");
  const who = status.processes.length > 1 ? `worst of ${status.processes.length} processes` : "one process";
  const punctuality = worst
    ? `heartbeat lateness p99 ${ms(worst.p99)}, max ${ms(worst.max)} (${who}; its event-loop lag p99 ${ms(worst.loopP99)}, max ${ms(worst.loopMax)})`
    : "no heartbeat due";
  return (
    `${stats.connected}/${stats.nodes} connected; heartbeats acked ${stats.heartbeats.acked}, queued ${stats.heartbeats.queued}, dropped ${stats.heartbeats.dropped}; ` +
    `logs acked ${stats.logs.acked}, queued ${stats.logs.queued}; ${punctuality}`
  );
}
