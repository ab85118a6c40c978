"use client";

import type { MetricChartRow } from "@/components/charts/metric-series";
import type { MetricChartSeries } from "@/components/charts/MetricChart";
import { MetricChart } from "@/components/charts/MetricChart";
import { METRIC_COLORS } from "@/components/charts/chart-theme";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { formatBytesPerSec, formatDecimal, formatMilliseconds, formatPercent } from "@/components/ui/format";

type ChartSpec = {
  title: string;
  series: readonly MetricChartSeries[];
  formatValue: (value: number) => string;
  yDomain?: [number, number | "auto"];
  /** Network gets two series and the room to tell them apart. */
  wide?: boolean;
};

const percent = (value: number) => formatPercent(value);
/** Error rates live well below 1 %; whole percents would print "0%" on every tick. */
const formatSmallPercent = (value: number) => formatPercent(value, value === 0 ? 0 : value < 0.001 ? 3 : value < 0.01 ? 2 : value < 0.1 ? 1 : 0);
const CHARTS: readonly ChartSpec[] = [
  { title: "CPU", series: [{ metric: "cpu", label: "CPU" }], formatValue: percent, yDomain: [0, 1] },
  { title: "Memory", series: [{ metric: "mem", label: "Memory" }], formatValue: percent, yDomain: [0, 1] },
  { title: "Disk", series: [{ metric: "disk", label: "Disk" }], formatValue: percent, yDomain: [0, 1] },
  { title: "Load (1 min)", series: [{ metric: "load1", label: "Load" }], formatValue: (value) => formatDecimal(value) },
  {
    title: "Network",
    series: [
      { metric: "netIn", label: "In" },
      { metric: "netOut", label: "Out" },
    ],
    formatValue: formatBytesPerSec,
    wide: true,
  },
  { title: "Latency", series: [{ metric: "latencyMs", label: "Latency" }], formatValue: formatMilliseconds },
  { title: "Error rate", series: [{ metric: "errorRate", label: "Errors" }], formatValue: formatSmallPercent },
];

const CHART_HEIGHT = 150;
const BODY_HEIGHT = "h-[150px]";

type NodeMetricChartsProps = {
  rows: readonly MetricChartRow[] | null;
  domain: [number, number] | null;
  error: string | null;
  onRetry: () => void;
};

function SeriesLegend({ series }: { series: readonly MetricChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <span className="flex items-center gap-3">
      {series.map(({ metric, label }) => (
        <span key={metric} className="flex items-center gap-1">
          <span className="h-0.5 w-3 rounded" style={{ background: METRIC_COLORS[metric] }} aria-hidden />
          {label}
        </span>
      ))}
    </span>
  );
}

export function NodeMetricCharts({ rows, domain, error, onRetry }: NodeMetricChartsProps) {
  return (
    <div className="grid gap-4 lg:grid-cols-2 xl:grid-cols-4">
      {CHARTS.map((chart) => (
        <Panel
          key={chart.title}
          className={chart.wide ? "lg:col-span-2" : ""}
          title={chart.title}           actions={<SeriesLegend series={chart.series} />}
          bodyClassName="px-2 pt-3 pb-1"
        >
          {rows === null || domain === null ? (
            error ? (
              <ErrorState message={error} onRetry={onRetry} className={BODY_HEIGHT} />
            ) : (
              <LoadingState className={BODY_HEIGHT} />
            )
          ) : rows.length === 0 ? (
            <EmptyState title="No samples in this range" className={BODY_HEIGHT} />
          ) : (
            <MetricChart
              rows={rows}
              series={chart.series}
              xDomain={domain}
              formatValue={chart.formatValue}
              yDomain={chart.yDomain}
              height={CHART_HEIGHT}
              syncId="node-metrics"
            />
          )}
        </Panel>
      ))}
    </div>
  );
}
