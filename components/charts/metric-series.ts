import type { MetricName, MetricPoint, MetricValues } from "@/lib/protocol/views";

/** Mirrors METRIC_NAMES from the protocol; kept here so client bundles don't pull in zod. */
export const CHART_METRICS: readonly MetricName[] = ["cpu", "mem", "disk", "netIn", "netOut", "load1", "latencyMs", "errorRate"];

export type MetricChartRow = { ts: number } & { [Name in MetricName]: number | null } & {
  [Name in MetricName as `${Name}Band`]?: [number, number];
};

/**
 * Adds live points to a series: keeps time order, drops duplicates by timestamp (a reconnect
 * may replay) and everything older than `fromTs`. Returns the same array when nothing changed.
 */
export function appendMetricPoints(existing: readonly MetricPoint[], incoming: readonly MetricPoint[], fromTs: number): MetricPoint[] {
  const lastTs = existing.length ? existing[existing.length - 1].ts : -Infinity;
  const fresh = incoming.filter((point) => point.ts > lastTs && point.ts >= fromTs).sort((a, b) => a.ts - b.ts);
  const firstKept = existing.findIndex((point) => point.ts >= fromTs);
  const kept = firstKept === -1 ? [] : firstKept === 0 ? existing : existing.slice(firstKept);
  if (fresh.length === 0 && kept === existing) return existing as MetricPoint[];
  return [...kept, ...fresh];
}

function bucketOf(points: readonly MetricPoint[]): MetricPoint {
  const mean = {} as MetricValues;
  const min = {} as MetricValues;
  const max = {} as MetricValues;
  for (const name of CHART_METRICS) {
    let sum = 0;
    let count = 0;
    let low = Infinity;
    let high = -Infinity;
    for (const point of points) {
      const value = point[name];
      if (value === null) continue;
      sum += value;
      count += 1;
      low = Math.min(low, point.min?.[name] ?? value);
      high = Math.max(high, point.max?.[name] ?? value);
    }
    mean[name] = count ? sum / count : null;
    min[name] = count ? low : null;
    max[name] = count ? high : null;
  }
  return { ...mean, ts: points[points.length - 1].ts, min, max };
}

/**
 * Reduces a series to at most `maxPoints` by averaging consecutive buckets, keeping each
 * bucket's extremes as min/max so a one-second spike still shows in the band.
 */
export function downsampleMetricPoints(points: readonly MetricPoint[], maxPoints: number): MetricPoint[] {
  if (points.length <= maxPoints) return points as MetricPoint[];
  const bucketSize = Math.ceil(points.length / maxPoints);
  const result: MetricPoint[] = [];
  for (let start = 0; start < points.length; start += bucketSize) {
    result.push(bucketOf(points.slice(start, start + bucketSize)));
  }
  return result;
}

export function toChartRows(points: readonly MetricPoint[]): MetricChartRow[] {
  return points.map((point) => {
    const row = { ts: point.ts } as MetricChartRow;
    for (const name of CHART_METRICS) {
      row[name] = point[name];
      const low = point.min?.[name];
      const high = point.max?.[name];
      if (low !== null && low !== undefined && high !== null && high !== undefined) row[`${name}Band`] = [low, high];
    }
    return row;
  });
}

export type RateSample = { ts: number; value: number };

/** Appends to a rolling window, dropping samples older than `windowMs` before the newest. */
export function appendRateSample(samples: readonly RateSample[], sample: RateSample, windowMs: number): RateSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.ts <= last.ts) return samples as RateSample[];
  const cutoff = sample.ts - windowMs;
  const firstKept = samples.findIndex((existing) => existing.ts >= cutoff);
  const kept = firstKept === -1 ? [] : samples.slice(firstKept);
  return [...kept, sample];
}

/** A stretch this many times longer than the usual spacing means the node was silent, not flat. */
const GAP_FACTOR = 4;

/**
 * Inserts an all-empty row inside every gap (agent down, server restart) so lines break there
 * instead of drawing a straight segment through time with no data.
 */
export function breakGaps(rows: readonly MetricChartRow[]): MetricChartRow[] {
  if (rows.length < 3) return rows as MetricChartRow[];
  const spacings = rows.slice(1).map((row, index) => row.ts - rows[index].ts).sort((a, b) => a - b);
  const typical = spacings[Math.floor(spacings.length / 2)];
  if (typical <= 0) return rows as MetricChartRow[];
  const result: MetricChartRow[] = [rows[0]];
  for (let index = 1; index < rows.length; index += 1) {
    const previous = rows[index - 1];
    if (rows[index].ts - previous.ts > typical * GAP_FACTOR) {
      const empty = { ts: previous.ts + typical } as MetricChartRow;
      for (const name of CHART_METRICS) empty[name] = null;
      result.push(empty);
    }
    result.push(rows[index]);
  }
  return result;
}
