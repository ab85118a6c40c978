import { z } from "zod";

/**
 * How punctual a simulator process is: how late each node's heartbeat left versus its schedule,
 * and how late the process's own timers fire (its event-loop lag). A load generator that falls
 * behind makes the server look better than it is, so this is measured and said out loud.
 *
 * Cumulative fixed-bucket counts, so any window is the difference of two readings: the status
 * line's 30 s, the warning's 10 s, a benchmark's measurement window (read over the control port).
 */

/** Upper bounds (ms) of the buckets; one more bucket holds everything above the last. */
export const LATENESS_BOUNDS_MS = [
  5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 125, 150, 175, 200, 250, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 20_000, 60_000,
] as const;

/** A process is behind when its p99 lateness is over this share of the heartbeat interval. */
export const BEHIND_SHARE_OF_INTERVAL = 0.2;

export const scheduleTotalsSchema = z.object({
  /** Heartbeat sends counted, with their lateness per bucket of LATENESS_BOUNDS_MS (+ overflow). */
  lateness: z.array(z.number().int().min(0)).length(LATENESS_BOUNDS_MS.length + 1),
  /** Event-loop lag samples per bucket. */
  loopLag: z.array(z.number().int().min(0)).length(LATENESS_BOUNDS_MS.length + 1),
  /** Largest values seen since the process started. */
  maxLatenessMs: z.number().min(0),
  maxLoopLagMs: z.number().min(0),
});
export type ScheduleTotals = z.infer<typeof scheduleTotalsSchema>;

export type ScheduleSummary = {
  beats: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** An upper bound: the highest bucket that saw a beat, or the exact running maximum when that is lower. */
  latenessMaxMs: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
};

function bucketOf(ms: number): number {
  let index = 0;
  while (index < LATENESS_BOUNDS_MS.length && ms > LATENESS_BOUNDS_MS[index]) index++;
  return index;
}

export class ScheduleMonitor {
  private readonly lateness = new Array<number>(LATENESS_BOUNDS_MS.length + 1).fill(0);
  private readonly loopLag = new Array<number>(LATENESS_BOUNDS_MS.length + 1).fill(0);
  private maxLatenessMs = 0;
  private maxLoopLagMs = 0;

  /** A heartbeat left `latenessMs` after the moment its node's schedule named. */
  recordBeat(latenessMs: number): void {
    const ms = Math.max(0, latenessMs);
    this.lateness[bucketOf(ms)]++;
    if (ms > this.maxLatenessMs) this.maxLatenessMs = ms;
  }

  /** A timer of the process fired `lagMs` late. */
  recordLoopLag(lagMs: number): void {
    const ms = Math.max(0, lagMs);
    this.loopLag[bucketOf(ms)]++;
    if (ms > this.maxLoopLagMs) this.maxLoopLagMs = ms;
  }

  totals(): ScheduleTotals {
    return { lateness: [...this.lateness], loopLag: [...this.loopLag], maxLatenessMs: this.maxLatenessMs, maxLoopLagMs: this.maxLoopLagMs };
  }
}

export function emptyScheduleTotals(): ScheduleTotals {
  return new ScheduleMonitor().totals();
}

/** Bucket counts of the window between two readings of the same process. */
function windowCounts(after: readonly number[], before: readonly number[] | undefined): number[] {
  return after.map((count, index) => Math.max(0, count - (before?.[index] ?? 0)));
}

/**
 * The q-quantile of bucketed samples, interpolated linearly inside its bucket (the overflow
 * bucket answers with the last bound: "at least this"). NaN without samples.
 */
export function quantileOfBuckets(counts: readonly number[], q: number): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index];
    if (count === 0) continue;
    if (seen + count >= rank) {
      if (index >= LATENESS_BOUNDS_MS.length) return LATENESS_BOUNDS_MS[LATENESS_BOUNDS_MS.length - 1];
      const lower = index === 0 ? 0 : LATENESS_BOUNDS_MS[index - 1];
      const upper = LATENESS_BOUNDS_MS[index];
      return lower + ((rank - seen) / count) * (upper - lower);
    }
    seen += count;
  }
  return LATENESS_BOUNDS_MS[LATENESS_BOUNDS_MS.length - 1];
}

/** Upper bound of the highest non-empty bucket; 0 without samples. */
function highestBound(counts: readonly number[]): number {
  for (let index = counts.length - 1; index >= 0; index--) {
    if (counts[index] === 0) continue;
    return index < LATENESS_BOUNDS_MS.length ? LATENESS_BOUNDS_MS[index] : Number.POSITIVE_INFINITY;
  }
  return 0;
}

/** What happened between two readings (`before` undefined: since the process started). */
export function summarizeSchedule(after: ScheduleTotals, before?: ScheduleTotals): ScheduleSummary {
  const lateness = windowCounts(after.lateness, before?.lateness);
  const loopLag = windowCounts(after.loopLag, before?.loopLag);
  // The running maximum bounds every window and is exact for the window in which it last moved.
  const maxOf = (counts: readonly number[], runningMax: number) => Math.min(highestBound(counts), runningMax);
  const latenessMaxMs = maxOf(lateness, after.maxLatenessMs);
  const loopLagMaxMs = maxOf(loopLag, after.maxLoopLagMs);
  // Interpolating inside a wide bucket can overshoot the largest value actually seen.
  const atMost = (quantile: number, max: number) => (Number.isFinite(quantile) ? Math.min(quantile, max) : quantile);
  return {
    beats: lateness.reduce((sum, count) => sum + count, 0),
    latenessP50Ms: atMost(quantileOfBuckets(lateness, 0.5), latenessMaxMs),
    latenessP99Ms: atMost(quantileOfBuckets(lateness, 0.99), latenessMaxMs),
    latenessMaxMs,
    loopLagP99Ms: atMost(quantileOfBuckets(loopLag, 0.99), loopLagMaxMs),
    loopLagMaxMs,
  };
}

export function isBehindSchedule(summary: ScheduleSummary, intervalMs: number): boolean {
  const limit = BEHIND_SHARE_OF_INTERVAL * intervalMs;
  return summary.latenessP99Ms > limit || summary.loopLagP99Ms > limit;
}

export type BehindContext = {
  windowMs: number;
  /** Nodes this process simulates. */
  nodes: number;
  processes: number;
  cores: number;
  maxProcesses: number;
};

/**
 * Where this process's time went over the window: its own CPU (all threads) and how long its
 * main thread sat runnable waiting for a core (Linux; NaN elsewhere), each a share of wall time.
 */
export type ProcessCpuShare = { busy: number; waitingForCore: number };

/** Waiting this much for a core means other processes have the CPU: more simulator processes would only queue too. */
const STARVED_SHARE = 0.25;

/** The line a process prints when it cannot keep its nodes' schedule. */
export function behindScheduleWarning(summary: ScheduleSummary, context: BehindContext, cpu?: ProcessCpuShare): string {
  const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString("en-US")} ms` : "n/a");
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  const starved = cpu !== undefined && cpu.waitingForCore >= STARVED_SHARE;
  const advice = starved
    ? `it waited for a core ${pct(cpu.waitingForCore)} of the time and ran ${pct(cpu.busy)}: the machine is short of CPU, ` +
      `so more processes would not help; simulate fewer nodes or run the simulator on another machine`
    : context.processes < context.maxProcesses
      ? `try --processes ${Math.min(context.maxProcesses, Math.max(2, context.processes * 2))}`
      : `already ${context.processes} processes on ${context.cores} cores: the machine is short of CPU; simulate fewer nodes or run the simulator on another machine`;
  return (
    `behind schedule: p99 lateness ${ms(summary.latenessP99Ms)} over the last ${Math.round(context.windowMs / 1000)} s ` +
    `(event-loop lag p99 ${ms(summary.loopLagP99Ms)}; this process simulates ${context.nodes.toLocaleString("en-US")} nodes; ${advice})`
  );
}
