import { METRIC_NAMES, type MetricName } from "../protocol/views";

const METRIC_COUNT = METRIC_NAMES.length;

/**
 * Per-node sums of each metric in fixed time slots, so the mean over the last W seconds costs
 * O(slots) per node at any heartbeat rate and a few kilobytes per node, instead of keeping samples.
 */
export class LoadWindow {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly slotStarts: Float64Array;

  /** Thirteen 10 s slots: a window of up to two minutes; a few KB per node. */
  constructor(private readonly slotMs = 10_000, private readonly slots = 13) {
    this.sums = new Float64Array(slots * METRIC_COUNT);
    this.counts = new Float64Array(slots * METRIC_COUNT);
    this.slotStarts = new Float64Array(slots).fill(-1);
  }

  add(ts: number, values: Partial<Record<MetricName, number | null | undefined>>): void {
    const start = Math.floor(ts / this.slotMs) * this.slotMs;
    const slot = Math.floor(ts / this.slotMs) % this.slots;
    if (this.slotStarts[slot] !== start) {
      if (this.slotStarts[slot] > start) return; // older than the window: ignore
      this.slotStarts[slot] = start;
      this.sums.fill(0, slot * METRIC_COUNT, (slot + 1) * METRIC_COUNT);
      this.counts.fill(0, slot * METRIC_COUNT, (slot + 1) * METRIC_COUNT);
    }
    for (let m = 0; m < METRIC_COUNT; m++) {
      const value = values[METRIC_NAMES[m]];
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      this.sums[slot * METRIC_COUNT + m] += value;
      this.counts[slot * METRIC_COUNT + m] += 1;
    }
  }

  /** Means over the slots that started within the last `windowMs`, and how many samples they hold. */
  means(now: number, windowMs: number): { means: Partial<Record<MetricName, number | null>>; samples: number } {
    const from = now - windowMs;
    const sums = new Float64Array(METRIC_COUNT);
    const counts = new Float64Array(METRIC_COUNT);
    for (let slot = 0; slot < this.slots; slot++) {
      const start = this.slotStarts[slot];
      if (start < 0 || start + this.slotMs <= from || start > now) continue;
      for (let m = 0; m < METRIC_COUNT; m++) {
        sums[m] += this.sums[slot * METRIC_COUNT + m];
        counts[m] += this.counts[slot * METRIC_COUNT + m];
      }
    }
    const means: Partial<Record<MetricName, number | null>> = {};
    let samples = 0;
    for (let m = 0; m < METRIC_COUNT; m++) {
      means[METRIC_NAMES[m]] = counts[m] > 0 ? sums[m] / counts[m] : null;
      samples = Math.max(samples, counts[m]);
    }
    return { means, samples };
  }
}
