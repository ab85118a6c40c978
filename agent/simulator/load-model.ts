import type { Metrics, Replication } from "../../lib/protocol/agent";
import type { SimulatedNodeSpec } from "./fleet-layout";
import type { Random } from "./seeded-random";

/** A "day" of the diurnal shape, fast so the curve is visible within minutes of a demo. */
export const DIURNAL_PERIOD_MS = 6 * 60_000;

type BurstState = { until: number; level: number; nextAt: number };

/** Produces one node's load over time; state kept here is what makes bursts last. */
export class LoadModel {
  private burst: BurstState;
  private diskGrowth = 0;

  constructor(
    private readonly spec: SimulatedNodeSpec,
    private readonly random: Random,
  ) {
    this.burst = { until: 0, level: 0, nextAt: Date.now() + random.between(5_000, 60_000) };
  }

  /** Utilisation 0..1 at `now`. */
  load(now: number): number {
    const { shape, phase } = this.spec;
    if (shape === "steady") return clamp(0.3 + this.random.noise(0.06), 0.02, 0.98);
    if (shape === "hot") return clamp(0.88 + this.random.noise(0.06), 0.5, 0.99);
    if (shape === "diurnal") {
      const angle = ((now / DIURNAL_PERIOD_MS + phase) % 1) * 2 * Math.PI;
      return clamp(0.4 + 0.3 * Math.sin(angle) + this.random.noise(0.05), 0.02, 0.98);
    }
    if (now >= this.burst.nextAt) {
      this.burst = {
        until: now + this.random.between(8_000, 30_000),
        level: this.random.between(0.7, 0.97),
        nextAt: now + this.random.between(40_000, 120_000),
      };
    }
    const base = now < this.burst.until ? this.burst.level : 0.15;
    return clamp(base + this.random.noise(0.05), 0.02, 0.99);
  }

  metrics(load: number, extraLatencyMs: number): Metrics {
    const { spec, random } = this;
    this.diskGrowth = Math.min(0.2, this.diskGrowth + 0.000002 * (1 + load));
    const netIn = Math.max(0, spec.netScale * load * (0.9 + random.noise(0.15)));
    const latencyMs = 1.5 + 40 * load ** 4 + Math.abs(random.noise(1.5)) + extraLatencyMs;
    const errorRate = load > 0.9 ? random.between(0.01, 0.08) : Math.max(0, 0.001 + random.noise(0.002));
    return {
      cpu: clamp(load + random.noise(0.03), 0, 1),
      mem: clamp(spec.memBase + 0.25 * load + random.noise(0.01), 0, 1),
      disk: clamp(spec.diskBase + this.diskGrowth, 0, 1),
      netIn,
      netOut: netIn * (spec.role === "primary" ? 1.4 : 0.7),
      load1: Math.max(0, spec.cores * load * 1.1 + random.noise(0.3)),
      latencyMs,
      errorRate: clamp(errorRate, 0, 1),
    };
  }
}

/**
 * Replication as the group's members would report it: the primary's offset grows with its
 * write load; a replica trails by its lag while the link is up, and freezes once it is lost.
 */
export class ReplicationModel {
  private offset = 0;
  private lostSince: number | undefined;
  private lastLagMs = 0;
  private resync: { until: number } | undefined;
  /** CLIENT PAUSE WRITE, simulated: the primary's offset stands still until then. */
  private pausedUntil = 0;

  constructor(
    private readonly spec: SimulatedNodeSpec,
    private readonly random: Random,
  ) {}

  primaryReport(load: number, elapsedMs: number, now = Date.now()): Replication {
    if (!this.writesPaused(now)) this.offset += Math.round((elapsedMs / 1000) * (50_000 + 2_000_000 * load));
    return { role: "primary", offset: this.offset, lagMs: 0, linkUp: true };
  }

  replicaReport(primaryOffset: number, primaryReachable: boolean, load: number, now: number): Replication {
    const following = this.spec.following;
    const syncing = this.resync !== undefined && now < this.resync.until;
    if (!primaryReachable || syncing) {
      this.lostSince ??= now;
      return { role: "replica", offset: this.offset, lagMs: now - this.lostSince, linkUp: false, following };
    }
    this.lostSince = undefined;
    const lagMs = Math.max(0, 2 + 6 * this.spec.rank + 150 * load ** 3 + this.random.noise(2));
    this.lastLagMs = lagMs;
    const behind = Math.round(lagMs * 1500);
    // After a full resync the replica takes the new primary's offset, even a lower one.
    this.offset = this.resync ? Math.max(0, primaryOffset - behind) : Math.max(this.offset, primaryOffset - behind);
    this.resync = undefined;
    return { role: "replica", offset: this.offset, lagMs, linkUp: true, following };
  }

  /** Re-pointed at another primary: the link is down during a full resync of `syncMs`. */
  startResync(now: number, syncMs: number): void {
    this.resync = { until: now + syncMs };
    this.lostSince = now;
  }

  pauseWrites(until: number): void {
    this.pausedUntil = until;
  }

  unpauseWrites(): void {
    this.pausedUntil = 0;
  }

  writesPaused(now: number): boolean {
    return now < this.pausedUntil;
  }

  /** How long the replica trails its primary while the link is up (its last reported lag). */
  get trailingMs(): number {
    return this.lastLagMs;
  }

  /** The link is up and the primary stands still: within its lag the replica has every byte. */
  reach(primaryOffset: number): void {
    this.offset = Math.max(this.offset, primaryOffset);
  }

  /** Promoted: writes now grow its own offset, from where replication left it. */
  promoted(): void {
    this.resync = undefined;
    this.lostSince = undefined;
  }

  /** The status as of now, without advancing the model (for a command's outcome). */
  snapshot(now: number): Replication {
    if (this.spec.role === "primary") return { role: "primary", offset: this.offset, lagMs: 0, linkUp: true };
    const down = this.lostSince !== undefined;
    return {
      role: "replica",
      offset: this.offset,
      lagMs: down ? now - (this.lostSince ?? now) : this.lastLagMs,
      linkUp: !down,
      following: this.spec.following,
    };
  }

  get currentOffset(): number {
    return this.offset;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
