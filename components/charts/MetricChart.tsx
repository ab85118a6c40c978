"use client";

import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { MetricName } from "@/lib/protocol/views";
import type { MetricChartRow } from "@/components/charts/metric-series";
import { formatAxisTime, formatDateTime } from "@/components/ui/format";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, METRIC_COLORS, TOOLTIP_CONTENT_STYLE, TOOLTIP_CURSOR, TOOLTIP_LABEL_STYLE } from "./chart-theme";

export type MetricChartSeries = { metric: MetricName; label: string };

type MetricChartProps = {
  rows: readonly MetricChartRow[];
  series: readonly MetricChartSeries[];
  xDomain: [number, number];
  formatValue: (value: number) => string;
  /** Fixed for percentages, so 3 % doesn't look like a full chart. */
  yDomain?: [number, number | "auto"];
  height?: number;
  /** Charts with the same id share the hover cursor, to line up a spike across metrics. */
  syncId?: string;
};

const SPARSE_POINTS = 40;

function isBand(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((item) => typeof item === "number");
}

/** Mean line per series, with the min..max band behind it when the data is rolled up. */
export function MetricChart({ rows, series, xDomain, formatValue, yDomain = [0, "auto"], height = 160, syncId }: MetricChartProps) {
  const span = xDomain[1] - xDomain[0];
  const showBand = series.length === 1;
  // A new node or a long range has few points; a line through two of them is easy to miss.
  const dot = rows.length <= SPARSE_POINTS ? { r: 2, strokeWidth: 0 } : false;
  return (
    <ComposedChart
      data={rows as MetricChartRow[]}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
      syncId={syncId}
    >
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis
        dataKey="ts"
        type="number"
        scale="time"
        domain={xDomain}
        allowDataOverflow
        tickFormatter={(ts: number) => formatAxisTime(ts, span)}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={48}
      />
      <YAxis
        domain={yDomain}
        // Recharts wraps tick text at spaces; "30 MB/s" must stay on one line.
        tickFormatter={(value: number) => formatValue(value).replace(" ", "\u00a0")}
        tick={AXIS_TICK}
        axisLine={false}
        tickLine={false}
        width={72}
      />
      <Tooltip
        contentStyle={TOOLTIP_CONTENT_STYLE}
        labelStyle={TOOLTIP_LABEL_STYLE}
        cursor={TOOLTIP_CURSOR}
        labelFormatter={(label) => formatDateTime(Number(label))}
        formatter={(value, name) => {
          if (isBand(value)) return [`${formatValue(value[0])} – ${formatValue(value[1])}`, name];
          return [formatValue(Number(value)), name];
        }}
      />
      {showBand &&
        series.map(({ metric, label }) => (
          <Area
            key={`${metric}-band`}
            dataKey={`${metric}Band`}
            name={`${label} min–max`}
            stroke="none"
            fill={METRIC_COLORS[metric]}
            fillOpacity={0.16}
            isAnimationActive={false}
            activeDot={false}
            connectNulls={false}
          />
        ))}
      {series.map(({ metric, label }) => (
        <Line
          key={metric}
          dataKey={metric}
          name={label}
          stroke={METRIC_COLORS[metric]}
          strokeWidth={1.5}
          dot={dot ? { ...dot, fill: METRIC_COLORS[metric] } : false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </ComposedChart>
  );
}
