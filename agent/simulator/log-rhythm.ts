import type { Random } from "./seeded-random";

/**
 * How many log lines a simulated node writes: a fleet of services logs a few lines per node per
 * minute on average, in bursts (a retry storm, a chatty deploy) now and then. The simulator
 * once sent 0.2–1 line/s per node; at 10,000 nodes that is 6,000 lines/s, a log shipper's load
 * rather than a monitoring agent's, and it measured Vigil's log path more than its heartbeats.
 */

/** Lines per node per second, averaged over the fleet and over time (6 a minute). */
export const DEFAULT_LOG_RATE = 0.1;

/** A node starts a burst about this often (Poisson)… */
const MEAN_MS_BETWEEN_BURSTS = 5 * 60_000;
/** …which lasts this long (uniform)… */
const BURST_MIN_MS = 5_000;
const BURST_MAX_MS = 15_000;
/** …at this many times its quiet rate. */
export const BURST_FACTOR = 10;

const MEAN_BURST_MS = (BURST_MIN_MS + BURST_MAX_MS) / 2;
/** Share of time a node spends bursting, and what that adds to its average. */
const BURST_SHARE = MEAN_BURST_MS / (MEAN_MS_BETWEEN_BURSTS + MEAN_BURST_MS);
const AVERAGE_OVER_QUIET = 1 + BURST_SHARE * (BURST_FACTOR - 1);

/** One node's log output over time; `rate` is the fleet average the caller asked for. */
export class LogRhythm {
  private credit: number;
  private burstUntil = 0;

  constructor(
    private readonly random: Random,
    /** The node's chattiness next to the fleet average (the layout's logWeight, mean 1). */
    private readonly weight: number,
    private readonly rate: number,
  ) {
    // Fractions carry over between beats; a random start keeps the fleet from logging in step.
    this.credit = random.next();
  }

  bursting(now: number): boolean {
    return now < this.burstUntil;
  }

  /** Lines to write for the `elapsedMs` that ended at `now`. */
  linesFor(elapsedMs: number, now: number): number {
    if (this.rate <= 0) return 0;
    if (!this.bursting(now) && this.random.chance(elapsedMs / MEAN_MS_BETWEEN_BURSTS)) {
      this.burstUntil = now + this.random.between(BURST_MIN_MS, BURST_MAX_MS);
    }
    // Quiet rate chosen so that quiet time plus bursts average out at `rate`.
    const quietPerSecond = (this.rate * this.weight) / AVERAGE_OVER_QUIET;
    const perSecond = this.bursting(now) ? quietPerSecond * BURST_FACTOR : quietPerSecond;
    this.credit += (elapsedMs / 1000) * perSecond;
    const lines = Math.floor(this.credit);
    this.credit -= lines;
    return lines;
  }
}
