import { z } from "zod";
import type { MetricResolution } from "../protocol/views";
import { rangeSchema } from "../protocol/api/nodes";

export const RESOLUTION_MS: Record<Exclude<MetricResolution, "raw">, number> = { "1m": 60_000, "1h": 3_600_000 };

export const RANGES = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export { rangeSchema };
export type RangeName = z.infer<typeof rangeSchema>;

/** Charts get at most a few thousand points: raw up to 2 h, 1-minute rollups up to 2 days, hourly beyond. */
export function resolutionForSpan(spanMs: number): MetricResolution {
  if (spanMs <= 2 * 3_600_000) return "raw";
  if (spanMs <= 2 * 86_400_000) return "1m";
  return "1h";
}

export function bucketStart(ts: number, resolutionMs: number): number {
  return Math.floor(ts / resolutionMs) * resolutionMs;
}

export type RetentionWindows = { rawMs: number; rollup1mMs: number; rollup1hMs: number; logsMs: number; eventsMs: number };
export type RetentionCutoffs = { raw: number; rollup1m: number; rollup1h: number; logs: number; events: number; groupingRuns: number };

/** Everything older than its cutoff is deleted. Pure, so the policy is testable apart from the job. */
export function retentionCutoffs(now: number, windows: RetentionWindows): RetentionCutoffs {
  return {
    raw: now - windows.rawMs,
    rollup1m: now - windows.rollup1mMs,
    rollup1h: now - windows.rollup1hMs,
    logs: now - windows.logsMs,
    events: now - windows.eventsMs,
    // A run every 10 s is 8,640 rows a day; their summaries feed the trend, a week is plenty.
    groupingRuns: now - Math.min(windows.eventsMs, 7 * 86_400_000),
  };
}
