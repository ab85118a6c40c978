import { METRIC_NAMES, type MetricName, type MetricPoint, type MetricValues } from "../protocol/views";
import { bucketStart } from "./resolution";

type Accumulator = { count: Record<MetricName, number>; sum: MetricValues; min: MetricValues; max: MetricValues };

function emptyValues(): MetricValues {
  return { cpu: null, mem: null, disk: null, netIn: null, netOut: null, load1: null, latencyMs: null, errorRate: null };
}

/**
 * Aggregates samples (raw points or finer rollups) into buckets of `resolutionMs`, keeping
 * min, mean and max per metric. Points that already carry min/max (rollups) keep their extremes;
 * their means are weighted by `weight` (the sample count behind them).
 */
export function rollupPoints(points: (MetricPoint & { weight?: number })[], resolutionMs: number): MetricPoint[] {
  const buckets = new Map<number, Accumulator>();
  for (const point of points) {
    const key = bucketStart(point.ts, resolutionMs);
    let acc = buckets.get(key);
    if (!acc) {
      acc = {
        count: { cpu: 0, mem: 0, disk: 0, netIn: 0, netOut: 0, load1: 0, latencyMs: 0, errorRate: 0 },
        sum: emptyValues(),
        min: emptyValues(),
        max: emptyValues(),
      };
      buckets.set(key, acc);
    }
    const weight = point.weight ?? 1;
    for (const name of METRIC_NAMES) {
      const value = point[name];
      if (value === null || value === undefined) continue;
      const low = point.min?.[name] ?? value;
      const high = point.max?.[name] ?? value;
      acc.count[name] += weight;
      acc.sum[name] = (acc.sum[name] ?? 0) + value * weight;
      acc.min[name] = acc.min[name] === null ? low : Math.min(acc.min[name] as number, low);
      acc.max[name] = acc.max[name] === null ? high : Math.max(acc.max[name] as number, high);
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ts, acc]) => {
      const mean = emptyValues();
      for (const name of METRIC_NAMES) mean[name] = acc.count[name] > 0 ? (acc.sum[name] as number) / acc.count[name] : null;
      return { ts, ...mean, min: acc.min, max: acc.max };
    });
}
