import type { FleetLoadPoint } from "../protocol/api/overview";

const MINUTE_MS = 60_000;
const TRACKED = ["cpu", "mem", "disk", "load1"] as const;
type Tracked = (typeof TRACKED)[number];

type Minute = { start: number; sums: Record<Tracked, number>; samples: number; nodes: Set<string> };

/**
 * The fleet's mean load per minute over the last hour, kept as running sums while heartbeats
 * arrive: the overview's chart without aggregating hundreds of thousands of stored rows per
 * request. Seeded from the database's rollups at start.
 */
export class FleetLoadHistory {
  private readonly minutes = new Map<number, Minute>();
  private readonly seeded = new Map<number, FleetLoadPoint>();

  constructor(private readonly keepMs = 60 * MINUTE_MS) {}

  seed(points: readonly FleetLoadPoint[]): void {
    for (const point of points) this.seeded.set(Math.floor(point.ts / MINUTE_MS) * MINUTE_MS, point);
  }

  add(nodeId: string, ts: number, metrics: Record<Tracked, number>): void {
    const start = Math.floor(ts / MINUTE_MS) * MINUTE_MS;
    let minute = this.minutes.get(start);
    if (!minute) {
      minute = { start, sums: { cpu: 0, mem: 0, disk: 0, load1: 0 }, samples: 0, nodes: new Set() };
      this.minutes.set(start, minute);
      this.forget(start - this.keepMs);
    }
    for (const name of TRACKED) minute.sums[name] += metrics[name];
    minute.samples++;
    minute.nodes.add(nodeId);
  }

  /** Oldest first; a minute seen live replaces what the database said about it. */
  points(now: number): FleetLoadPoint[] {
    const from = now - this.keepMs;
    const byMinute = new Map<number, FleetLoadPoint>();
    for (const [start, point] of this.seeded) if (start >= from) byMinute.set(start, point);
    for (const minute of this.minutes.values()) {
      if (minute.start < from || minute.samples === 0) continue;
      const mean = (name: Tracked) => minute.sums[name] / minute.samples;
      byMinute.set(minute.start, { ts: minute.start, cpu: mean("cpu"), mem: mean("mem"), disk: mean("disk"), load1: mean("load1"), nodes: minute.nodes.size });
    }
    return [...byMinute.values()].sort((a, b) => a.ts - b.ts);
  }

  private forget(before: number): void {
    for (const start of this.minutes.keys()) if (start < before) this.minutes.delete(start);
    for (const start of this.seeded.keys()) if (start < before) this.seeded.delete(start);
  }
}
