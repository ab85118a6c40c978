/**
 * The dashboard's one time range: chosen in the header's picker, kept in the URL as `?range=` so
 * a reload or a shared link shows the same window, and read by every chart that has a time axis.
 * Without a choice a chart shows the data there is (at least 15 minutes), not an empty week.
 */

export const TIME_RANGES = ["15m", "1h", "6h", "24h", "7d"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const TIME_RANGE_MS: Record<TimeRange, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
};

/** The narrowest window a chart shows: a node seen for a minute still gets a readable axis. */
export const MIN_CHART_SPAN_MS = TIME_RANGE_MS["15m"];

export function isTimeRange(value: unknown): value is TimeRange {
  return typeof value === "string" && (TIME_RANGES as readonly string[]).includes(value);
}

/** `?range=` as given, or null (no choice made, or one this version does not know). */
export function parseTimeRange(value: string | string[] | null | undefined): TimeRange | null {
  return isTimeRange(value) ? value : null;
}

/** The smallest range holding everything since `since` (e.g. a node's first heartbeat), 15 minutes at least, a week at most. */
export function rangeCovering(since: number | null, now: number): TimeRange {
  if (since === null) return "15m";
  const age = Math.max(0, now - since);
  return TIME_RANGES.find((range) => TIME_RANGE_MS[range] >= age) ?? "7d";
}

/**
 * The x-axis of a chart ending at `end`: the chosen range in full, or without a choice the data
 * there is (from the oldest point, widened to 15 minutes, never past `rangeMs`).
 */
export function chartDomain(chosen: TimeRange | null, rangeMs: number, end: number, oldest: number | null): [number, number] {
  if (chosen !== null || oldest === null) return [end - (chosen ? TIME_RANGE_MS[chosen] : rangeMs), end];
  const span = Math.min(rangeMs, Math.max(MIN_CHART_SPAN_MS, end - oldest));
  return [end - span, end];
}
