"use client";

import { memo } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisTime, formatClock, formatDecimal, formatPercent } from "@/components/ui/format";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, METRIC_COLORS, TOOLTIP_CONTENT_STYLE, TOOLTIP_CURSOR, TOOLTIP_LABEL_STYLE } from "./chart-theme";

import type { FleetLoadPoint } from "@/lib/protocol/views";

export type { FleetLoadPoint };

const SERIES_LABELS: Record<"cpu" | "mem" | "disk" | "load1", string> = { cpu: "CPU", mem: "Memory", disk: "Disk", load1: "Load (1m)" };

function formatSeriesValue(value: unknown, name: unknown): string {
  const numeric = typeof value === "number" ? value : Number(value);
  return name === SERIES_LABELS.load1 ? formatDecimal(numeric) : formatPercent(numeric, 1);
}

/** Fleet means per minute: percentages on the left axis, load average on the right. */
function FleetLoadChartImpl({ points, height = 240 }: { points: readonly FleetLoadPoint[]; height?: number }) {
  const span = points.length > 1 ? points[points.length - 1].ts - points[0].ts : 0;
  return (
    <LineChart data={points as FleetLoadPoint[]} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis
        dataKey="ts"
        type="number"
        scale="time"
        domain={["dataMin", "dataMax"]}
        tickFormatter={(ts: number) => formatAxisTime(ts, span)}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={40}
      />
      <YAxis yAxisId="percent" domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value)} tick={AXIS_TICK} axisLine={false} tickLine={false} width={44} />
      <YAxis yAxisId="load" orientation="right" tick={AXIS_TICK} axisLine={false} tickLine={false} width={36} allowDecimals />
      <Tooltip
        contentStyle={TOOLTIP_CONTENT_STYLE}
        labelStyle={TOOLTIP_LABEL_STYLE}
        cursor={TOOLTIP_CURSOR}
        labelFormatter={(label) => formatClock(Number(label))}
        formatter={(value, name) => [formatSeriesValue(value, name), name]}
      />
      <Legend iconType="plainline" itemSorter={null} wrapperStyle={{ fontSize: 12, color: "#a1a1aa" }} />
      {(["cpu", "mem", "disk"] as const).map((metric) => (
        <Line
          key={metric}
          yAxisId="percent"
          dataKey={metric}
          name={SERIES_LABELS[metric]}
          stroke={METRIC_COLORS[metric]}
          strokeWidth={1.75}
          dot={false}
          isAnimationActive={false}
        />
      ))}
      <Line
        yAxisId="load"
        dataKey="load1"
        name={SERIES_LABELS.load1}
        stroke={METRIC_COLORS.load1}
        strokeDasharray="4 3"
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
      />
    </LineChart>
  );
}

/** Memoised: the overview re-renders on every live stats push, this chart's data changes once a minute. */
export const FleetLoadChart = memo(FleetLoadChartImpl);
