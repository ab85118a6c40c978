import { isTimeRange, TIME_RANGE_MS, TIME_RANGES, type TimeRange } from "@/components/layout/time-range";

/** A node's charts use the dashboard's one time range (components/layout/time-range.ts). */
export const METRIC_RANGES = TIME_RANGES;
export type MetricRange = TimeRange;
export const METRIC_RANGE_MS: Record<MetricRange, number> = TIME_RANGE_MS;

/** Raw-resolution ranges are appended live from node:samples; rollup ranges are reloaded on a timer. */
export function isLiveRange(range: MetricRange): boolean {
  return range === "15m" || range === "1h";
}

export const isMetricRange = isTimeRange;
