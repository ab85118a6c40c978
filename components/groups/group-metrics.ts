import type { MetricName } from "@/lib/protocol/views";
import { formatBytesPerSec, formatDecimal, formatMilliseconds, formatPercent } from "@/components/ui/format";

export const METRIC_LABELS: Record<MetricName, string> = {
  cpu: "CPU",
  mem: "Memory",
  disk: "Disk",
  netIn: "Net in",
  netOut: "Net out",
  load1: "Load 1m",
  latencyMs: "Latency",
  errorRate: "Errors",
};

/** Error rates live well below 1 %; whole percents would print "0%" for every group. */
function formatSmallPercent(fraction: number): string {
  if (fraction === 0) return formatPercent(0);
  const digits = fraction < 0.001 ? 3 : fraction < 0.01 ? 2 : fraction < 0.1 ? 1 : 0;
  return formatPercent(fraction, digits);
}

/** A metric's value in its real unit: %, bytes/s, ms, or a plain number for load. */
export function formatMetricValue(metric: MetricName, value: number | null | undefined): string {
  if (value === null || value === undefined) return formatDecimal(value);
  if (metric === "cpu" || metric === "mem" || metric === "disk") return formatPercent(value);
  if (metric === "netIn" || metric === "netOut") return formatBytesPerSec(value);
  if (metric === "latencyMs") return formatMilliseconds(value);
  if (metric === "errorRate") return formatSmallPercent(value);
  return formatDecimal(value, value >= 100 ? 0 : value >= 10 ? 1 : 2);
}

/** Utilisation fractions have a natural 0..100 % axis; a fixed one keeps 5 % from looking full. */
export function isFractionMetric(metric: MetricName): boolean {
  return metric === "cpu" || metric === "mem" || metric === "disk";
}

/** Network spans orders of magnitude between idle and busy nodes; a log axis keeps both readable. */
export function benefitsFromLogScale(metric: MetricName): boolean {
  return metric === "netIn" || metric === "netOut";
}
