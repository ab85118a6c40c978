export const METRIC_RANGES = ["15m", "1h", "24h", "7d"] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

export const METRIC_RANGE_MS: Record<MetricRange, number> = {
  "15m": 15 * 60_000,
  "1h": 3600_000,
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
};

/** Raw-resolution ranges are appended live from node:samples; rollup ranges are reloaded on a timer. */
export function isLiveRange(range: MetricRange): boolean {
  return range === "15m" || range === "1h";
}

export function isMetricRange(value: string): value is MetricRange {
  return (METRIC_RANGES as readonly string[]).includes(value);
}
