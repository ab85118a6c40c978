/**
 * A log-bucketed latency histogram (about 2 % relative precision from 10 µs to minutes), cheap
 * enough to record every ack and small enough to ship between processes and merge.
 */
const SMALLEST_MS = 0.01;
const GROWTH = 1.02;
const BUCKET_COUNT = 900;
const LOG_GROWTH = Math.log(GROWTH);

export type HistogramSnapshot = { buckets: number[]; count: number; sumMs: number; maxMs: number };

export class LatencyHistogram {
  private readonly buckets = new Float64Array(BUCKET_COUNT);
  private count = 0;
  private sumMs = 0;
  private maxMs = 0;

  record(latencyMs: number): void {
    const index = latencyMs <= SMALLEST_MS ? 0 : Math.min(BUCKET_COUNT - 1, Math.ceil(Math.log(latencyMs / SMALLEST_MS) / LOG_GROWTH));
    this.buckets[index]++;
    this.count++;
    this.sumMs += latencyMs;
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
  }

  merge(snapshot: HistogramSnapshot): void {
    snapshot.buckets.forEach((value, index) => (this.buckets[index] += value));
    this.count += snapshot.count;
    this.sumMs += snapshot.sumMs;
    this.maxMs = Math.max(this.maxMs, snapshot.maxMs);
  }

  get samples(): number {
    return this.count;
  }

  get max(): number {
    return this.maxMs;
  }

  /** The upper bound of the bucket holding the given quantile (0..1); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let index = 0; index < BUCKET_COUNT; index++) {
      seen += this.buckets[index];
      if (seen >= rank) return Math.min(this.maxMs, SMALLEST_MS * GROWTH ** index);
    }
    return this.maxMs;
  }

  snapshot(): HistogramSnapshot {
    return { buckets: Array.from(this.buckets), count: this.count, sumMs: this.sumMs, maxMs: this.maxMs };
  }
}

/** Exact quantile of a small sample (nearest rank). */
export function quantileOf(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
