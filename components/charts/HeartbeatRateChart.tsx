"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { RateSample } from "@/components/charts/metric-series";
import { formatAxisTime, formatClock, formatRate } from "@/components/ui/format";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_CONTENT_STYLE, TOOLTIP_CURSOR, TOOLTIP_LABEL_STYLE } from "./chart-theme";

const COLOR = "#38bdf8";

type HeartbeatRateChartProps = {
  samples: readonly RateSample[];
  windowMs: number;
  height?: number;
};

/**
 * A fixed-width window ending at the newest sample, so the line scrolls left instead of the
 * axis rescaling, and the chart redraws only when a sample arrives rather than on a clock.
 */
export function HeartbeatRateChart({ samples, windowMs, height = 180 }: HeartbeatRateChartProps) {
  const end = samples.at(-1)?.ts ?? 0;
  return (
    <AreaChart data={samples as RateSample[]} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <defs>
        <linearGradient id="heartbeat-fill" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor={COLOR} stopOpacity={0.35} />
          <stop offset="100%" stopColor={COLOR} stopOpacity={0.02} />
        </linearGradient>
      </defs>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis
        dataKey="ts"
        type="number"
        scale="time"
        domain={[end - windowMs, end]}
        allowDataOverflow
        tickFormatter={(ts: number) => formatAxisTime(ts, windowMs)}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={40}
      />
      <YAxis domain={[0, "auto"]} tickFormatter={(value: number) => formatRate(value)} tick={AXIS_TICK} axisLine={false} tickLine={false} width={44} />
      <Tooltip
        contentStyle={TOOLTIP_CONTENT_STYLE}
        labelStyle={TOOLTIP_LABEL_STYLE}
        cursor={TOOLTIP_CURSOR}
        labelFormatter={(label) => formatClock(Number(label))}
        formatter={(value) => [`${formatRate(Number(value))}/s`, "Heartbeats"]}
      />
      <Area dataKey="value" type="monotone" stroke={COLOR} strokeWidth={1.75} fill="url(#heartbeat-fill)" isAnimationActive={false} dot={false} />
    </AreaChart>
  );
}
