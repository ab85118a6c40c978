"use client";

import { useMemo } from "react";
import type { MetricSeries } from "@/lib/protocol/views";
import { chartDomain, rangeCovering } from "@/components/layout/time-range";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { useNow } from "@/components/live/use-now";
import { isLiveRange, METRIC_RANGE_MS } from "@/components/nodes/metric-ranges";
import type { MetricRange } from "@/components/nodes/metric-ranges";
import { appendMetricPoints, breakGaps, downsampleMetricPoints, toChartRows } from "@/components/charts/metric-series";

/** Enough points for a crisp line on a wide screen; more only costs render time. */
const MAX_CHART_POINTS = 600;
const ROLLUP_REFRESH_MS = 60_000;
/** Without a chosen range, how often the range covering the node's age is re-judged (a young node outgrows 15 minutes). */
const AUTO_RANGE_RECHECK_MS = 60_000;

/**
 * A node's metrics over `chosen` (the dashboard's `?range=`), or without a choice over the
 * smallest range holding its whole history since `since` (its first heartbeat): a node seen for
 * five minutes gets a 15-minute chart of those minutes, not an empty hour. Nothing is fetched
 * until `since` is known when no range is chosen.
 */
export function useNodeMetrics(nodeId: string, chosen: MetricRange | null, since: number | null) {
  const now = useNow(AUTO_RANGE_RECHECK_MS);
  const range: MetricRange | null = chosen ?? (since === null ? null : rangeCovering(since, now));
  const live = range !== null && isLiveRange(range);
  const series = useApiResource<MetricSeries>(range ? `/api/v1/nodes/${encodeURIComponent(nodeId)}/metrics?range=${range}` : null, {
    refreshMs: live ? undefined : ROLLUP_REFRESH_MS,
    keepPreviousData: true,
  });
  const { data, setData } = series;

  useLiveEvent("node:samples", (samples) => {
    if (!live || !range || samples.nodeId !== nodeId || samples.points.length === 0) return;
    setData((previous) => {
      if (!previous || previous.resolution !== "raw") return previous;
      const newest = samples.points.reduce((latest, point) => Math.max(latest, point.ts), previous.to);
      const points = appendMetricPoints(previous.points, samples.points, newest - METRIC_RANGE_MS[range]);
      return points === previous.points ? previous : { ...previous, points, from: newest - METRIC_RANGE_MS[range], to: newest };
    });
  });

  const rows = useMemo(() => (data ? breakGaps(toChartRows(downsampleMetricPoints(data.points, MAX_CHART_POINTS))) : null), [data]);
  const domain = useMemo<[number, number] | null>(() => {
    if (!data || !range) return null;
    const end = Math.max(data.to, data.points.at(-1)?.ts ?? 0);
    return chartDomain(chosen, METRIC_RANGE_MS[range], end, data.points[0]?.ts ?? null);
  }, [data, range, chosen]);

  return { ...series, rows, domain, range, resolution: data?.resolution ?? null };
}
