"use client";

import { useMemo } from "react";
import type { MetricSeries } from "@/lib/protocol/views";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { isLiveRange, METRIC_RANGE_MS } from "@/components/nodes/metric-ranges";
import type { MetricRange } from "@/components/nodes/metric-ranges";
import { appendMetricPoints, breakGaps, downsampleMetricPoints, toChartRows } from "@/components/charts/metric-series";

/** Enough points for a crisp line on a wide screen; more only costs render time. */
const MAX_CHART_POINTS = 600;
const ROLLUP_REFRESH_MS = 60_000;

export function useNodeMetrics(nodeId: string, range: MetricRange) {
  const live = isLiveRange(range);
  const series = useApiResource<MetricSeries>(`/api/v1/nodes/${encodeURIComponent(nodeId)}/metrics?range=${range}`, {
    refreshMs: live ? undefined : ROLLUP_REFRESH_MS,
  });
  const { data, setData } = series;

  useLiveEvent("node:samples", (samples) => {
    if (!live || samples.nodeId !== nodeId || samples.points.length === 0) return;
    setData((previous) => {
      if (!previous || previous.resolution !== "raw") return previous;
      const newest = samples.points.reduce((latest, point) => Math.max(latest, point.ts), previous.to);
      const points = appendMetricPoints(previous.points, samples.points, newest - METRIC_RANGE_MS[range]);
      return points === previous.points ? previous : { ...previous, points, from: newest - METRIC_RANGE_MS[range], to: newest };
    });
  });

  const rows = useMemo(() => (data ? breakGaps(toChartRows(downsampleMetricPoints(data.points, MAX_CHART_POINTS))) : null), [data]);
  const domain = useMemo<[number, number] | null>(() => {
    if (!data) return null;
    const end = Math.max(data.to, data.points.at(-1)?.ts ?? 0);
    return [end - METRIC_RANGE_MS[range], end];
  }, [data, range]);

  return { ...series, rows, domain, resolution: data?.resolution ?? null };
}
