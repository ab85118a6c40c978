"use client";

import { memo } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_CONTENT_STYLE, TOOLTIP_CURSOR, TOOLTIP_LABEL_STYLE } from "@/components/charts/chart-theme";
import { formatClock, formatMilliseconds } from "@/components/ui/format";
import type { LagSample } from "@/components/replica-groups/lag-history";

/** Clear of the state colours, so a replica's line never reads as "down" or "suspect". */
const REPLICA_COLORS = ["#38bdf8", "#e879f9", "#c4b5fd", "#22d3ee", "#f9a8d4", "#e4e4e7"] as const;

type ReplicaLagChartProps = {
  samples: readonly LagSample[];
  replicaIds: readonly string[];
  windowMs: number;
  height?: number;
};

/** The axis starts this wide and grows with the samples up to the window, so a fresh page isn't one dot at the edge. */
const MIN_SPAN_MS = 60_000;

function formatLagTick(value: number): string {
  return value === 0 ? "0" : formatMilliseconds(value).replace(" ", "\u00a0");
}

function ReplicaLagChartImpl({ samples, replicaIds, windowMs, height = 110 }: ReplicaLagChartProps) {
  const last = samples.at(-1)?.at ?? Date.now();
  const first = samples[0]?.at ?? last;
  const span = Math.min(windowMs, Math.max(MIN_SPAN_MS, last - first));
  return (
    <LineChart data={samples as LagSample[]} responsive style={{ width: "100%", height }} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={[last - span, last]}
        allowDataOverflow
        // Minutes alone repeat along a five-minute axis; seconds tell the ticks apart.
        tickFormatter={(at: number) => formatClock(at)}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={64}
      />
      <YAxis domain={[0, "auto"]} tickFormatter={formatLagTick} tick={AXIS_TICK} axisLine={false} tickLine={false} width={64} />
      <Tooltip
        contentStyle={TOOLTIP_CONTENT_STYLE}
        labelStyle={TOOLTIP_LABEL_STYLE}
        cursor={TOOLTIP_CURSOR}
        labelFormatter={(label) => formatClock(Number(label))}
        formatter={(value, name) => [value === null || value === undefined ? "no report" : formatMilliseconds(Number(value)), name]}
      />
      {replicaIds.map((nodeId, index) => (
        <Line
          key={nodeId}
          name={nodeId}
          dataKey={(sample: LagSample) => sample.lags[nodeId] ?? null}
          stroke={REPLICA_COLORS[index % REPLICA_COLORS.length]}
          strokeWidth={1.5}
          dot={samples.length <= 2 ? { r: 2, strokeWidth: 0 } : false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
}

export const ReplicaLagChart = memo(ReplicaLagChartImpl);

export function replicaColor(index: number): string {
  return REPLICA_COLORS[index % REPLICA_COLORS.length];
}
