import type { Metrics, Replication } from "../../lib/protocol/agent";
import type { AgentClient, AgentClientStats } from "../client";
import type { SimulatedNodeSpec } from "./fleet-layout";
import { LoadModel, ReplicationModel } from "./load-model";
import { simulatedLogEntry } from "./log-messages";
import { LogRhythm } from "./log-rhythm";
import type { Random } from "./seeded-random";

/** The gauge Vigil's recovery reads as "service down" when 0 (lib/recovery/service-health.ts). */
export const SERVICE_UP_GAUGE = "service_up";

export type NodeStatus = "running" | "killed" | "hung" | "partitioned";

export type SimulatedNodeView = {
  id: string;
  zone: string;
  group: string;
  role: SimulatedNodeSpec["role"];
  following?: string;
  /** Highest group epoch a command has brought it (0 until the first promote/follow). */
  epoch: number;
  shape: SimulatedNodeSpec["shape"];
  status: NodeStatus;
  connected: boolean;
  slowJitterMs: number;
  outlier: boolean;
  flapping: boolean;
  /** Its service crash-loops (chaos "crashloop") while the agent stays connected. */
  crashLooping: boolean;
  /** Whether the service is up right now (always, unless crash-looping). */
  serviceUp: boolean;
  stats: AgentClientStats;
};

/**
 * One simulated machine: its process (alive or killed), its network (partitioned or not),
 * whether it hangs, and the client that speaks the real protocol for it.
 */
export class SimulatedNode {
  killed = false;
  hung = false;
  partitioned = false;
  slowJitterMs = 0;
  /** A load outlier: traffic and latency far beyond its peers while the rest looks ordinary. */
  outlier = false;
  /** The group epoch of the last promote/follow it carried out. */
  epoch = 0;
  flapTimer: NodeJS.Timeout | undefined;
  /**
   * A crash-looping service: down for periodMs, up for periodMs, in turns from startedAt. Derived
   * from the clock rather than toggled by a timer, so nothing the agent does (a restart) resets it.
   */
  crashLoop: { periodMs: number; startedAt: number } | undefined;
  /** Once a node has shown its service gauge it keeps reporting it, as a real integration would. */
  private reportsServiceUp = false;
  nextDueAt: number;
  private lastBeatAt: number | undefined;
  private readonly logs: LogRhythm;
  private readonly load: LoadModel;
  readonly replication: ReplicationModel;

  constructor(
    readonly spec: SimulatedNodeSpec,
    readonly client: AgentClient,
    private readonly random: Random,
    intervalMs: number,
    /** Log lines per node per second, averaged over the fleet (see log-rhythm.ts). */
    logRate: number,
    /** Its simulated data store's "host:port", as the group's members reach it (the replication's `address`). */
    readonly dataAddress?: string,
  ) {
    this.load = new LoadModel(spec, random);
    this.replication = new ReplicationModel(spec, random);
    this.nextDueAt = Date.now() + spec.phase * intervalMs;
    this.logs = new LogRhythm(random, spec.logWeight, logRate);
  }

  /** Switched on by the simulator's start-up ramp; before that the machine does not exist yet. */
  launched = false;

  /** A process that runs and is not stuck produces samples, even while cut off (it spools). */
  get producing(): boolean {
    return this.launched && !this.killed && !this.hung;
  }

  /** Powers the machine on: its schedule starts now, at its phase of the interval. */
  launch(now: number, intervalMs: number): void {
    if (this.launched) return;
    this.launched = true;
    this.nextDueAt = now + this.spec.phase * intervalMs;
    this.syncConnection();
  }

  /** Whether its group's replicas can still stream from it. */
  get reachable(): boolean {
    return this.producing && !this.partitioned;
  }

  get status(): NodeStatus {
    if (this.killed) return "killed";
    if (this.partitioned) return "partitioned";
    if (this.hung) return "hung";
    return "running";
  }

  /** Applies whichever of start/stop the process and network state now call for. */
  syncConnection(): void {
    if (!this.launched) return;
    if (this.killed || this.partitioned) {
      if (this.client.stats().state !== "killed") this.client.disconnectAbruptly();
      return;
    }
    this.client.start();
    if (this.hung) this.client.pause();
    else this.client.resume();
  }

  serviceUp(now: number): boolean {
    if (!this.crashLoop) return true;
    const turn = Math.floor((now - this.crashLoop.startedAt) / this.crashLoop.periodMs);
    return turn % 2 === 1;
  }

  /** Starts down at once: the chaos is visible on the next heartbeat. */
  startCrashLoop(periodMs: number, now: number): void {
    this.crashLoop = { periodMs, startedAt: now };
    this.reportsServiceUp = true;
  }

  stopCrashLoop(): void {
    this.crashLoop = undefined;
  }

  beat(now: number, primary: SimulatedNode | undefined): void {
    const elapsed = this.lastBeatAt === undefined ? 1000 : now - this.lastBeatAt;
    this.lastBeatAt = now;
    const load = this.load.load(now);
    const extraLatency = this.slowJitterMs > 0 ? this.random.between(0, this.slowJitterMs) : 0;
    const ordinary = this.load.metrics(load, extraLatency / 10);
    const loaded = this.outlier
      ? { ...ordinary, netIn: ordinary.netIn * 25 + 50e6, netOut: ordinary.netOut * 25 + 50e6, latencyMs: (ordinary.latencyMs ?? 0) + 400 }
      : ordinary;
    const metrics = this.withService(loaded, now);
    const replication = this.withAddresses(
      this.spec.role === "primary" || !primary
        ? this.replication.primaryReport(load, elapsed, now)
        : this.replication.replicaReport(primary.replication.currentOffset, primary.reachable && !this.partitioned, load, now),
      primary,
    );

    const lines = this.logs.linesFor(elapsed, now);
    const context = {
      spec: this.spec,
      load,
      errorRate: metrics.errorRate ?? 0,
      lagMs: replication.lagMs,
      offset: replication.offset,
      bursting: this.logs.bursting(now),
      random: this.random,
    };
    const entries = Array.from({ length: lines }, () => simulatedLogEntry(context, now));

    const send = () => {
      if (!this.producing) return;
      this.client.pushHeartbeat(metrics, replication);
      if (entries.length > 0) this.client.pushLogs(entries);
    };
    // Only "slow" nodes pay for a timer per heartbeat; everyone else sends inline.
    if (extraLatency > 0) setTimeout(send, extraLatency).unref();
    else send();
  }

  /** Its own data address, and for a replica the one it follows, as a real agent reports them. */
  withAddresses(replication: Replication, primary: SimulatedNode | undefined): Replication {
    const withOwn = this.dataAddress === undefined ? replication : { ...replication, address: this.dataAddress };
    if (replication.role !== "replica" || primary?.dataAddress === undefined) return withOwn;
    return { ...withOwn, followingAddress: primary.dataAddress };
  }

  /** A down service: the gauge at 0 and most requests failing (either alone marks it unhealthy). */
  private withService(metrics: Metrics, now: number): Metrics {
    if (!this.reportsServiceUp) return metrics;
    if (this.serviceUp(now)) return { ...metrics, custom: { ...metrics.custom, [SERVICE_UP_GAUGE]: 1 } };
    return { ...metrics, errorRate: this.random.between(0.6, 0.95), custom: { ...metrics.custom, [SERVICE_UP_GAUGE]: 0 } };
  }

  stopFlapping(): void {
    if (this.flapTimer) clearInterval(this.flapTimer);
    this.flapTimer = undefined;
  }

  view(): SimulatedNodeView {
    const { spec } = this;
    return {
      id: spec.id,
      zone: spec.zone,
      group: spec.group,
      role: spec.role,
      following: spec.following,
      epoch: this.epoch,
      shape: spec.shape,
      status: this.status,
      connected: this.client.connected,
      slowJitterMs: this.slowJitterMs,
      outlier: this.outlier,
      flapping: this.flapTimer !== undefined,
      crashLooping: this.crashLoop !== undefined,
      serviceUp: this.serviceUp(Date.now()),
      stats: this.client.stats(),
    };
  }
}
