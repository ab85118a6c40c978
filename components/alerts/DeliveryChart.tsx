"use client";

import { memo, useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_CONTENT_STYLE } from "@/components/charts/chart-theme";
import { attemptPoints, ROLLING_ATTEMPTS, type AttemptPoint, type DeliveryLike } from "@/components/alerts/delivery-stats";
import { formatClock, formatMilliseconds, formatPercent } from "@/components/ui/format";
import { STATE_STYLES } from "@/components/nodes/state-colors";

/** Accepted reads green, refused red, as healthy and down nodes do; the rate line stays clear of both. */
const OK_COLOR = STATE_STYLES.healthy.hex;
const FAILED_COLOR = STATE_STYLES.down.hex;
const RATE_COLOR = "#38bdf8";

function isAttemptPoint(value: unknown): value is AttemptPoint {
  return typeof value === "object" && value !== null && "deliveryId" in value && "latencyMs" in value;
}

function AttemptTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = payload?.[0]?.payload;
  if (!active || !isAttemptPoint(point)) return null;
  return (
    <div style={TOOLTIP_CONTENT_STYLE} className="space-y-0.5">
      <div className="text-zinc-400 tabular">{formatClock(point.at)}</div>
      <div>
        <span style={{ color: point.ok ? OK_COLOR : FAILED_COLOR }}>{point.httpStatus ?? "no answer"}</span>
        <span className="text-zinc-400"> in </span>
        <span className="tabular">{formatMilliseconds(point.latencyMs)}</span>
      </div>
      {point.error && <div className="max-w-64 truncate text-red-300">{point.error}</div>}
      <div className="text-zinc-400">
        delivery #{point.deliveryId} · {formatPercent(point.successRate)} of the last {ROLLING_ATTEMPTS} accepted
      </div>
    </div>
  );
}

function DeliveryChartImpl({ deliveries, height = 200 }: { deliveries: readonly DeliveryLike[]; height?: number }) {
  const points = useMemo(() => attemptPoints(deliveries), [deliveries]);
  const ok = useMemo(() => points.filter((point) => point.ok), [points]);
  const failed = useMemo(() => points.filter((point) => !point.ok), [points]);
  const first = points[0]?.at ?? 0;
  const last = points.at(-1)?.at ?? 0;
  const pad = Math.max(5_000, (last - first) * 0.03);
  return (
    <div data-testid="delivery-chart" data-points={points.length}>
      <ComposedChart data={points} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={[first - pad, last + pad]}
          tickFormatter={(at: number) => formatClock(at)}
          tick={AXIS_TICK}
          axisLine={AXIS_LINE}
          tickLine={false}
          minTickGap={64}
        />
        <YAxis
          yAxisId="latency"
          dataKey="latencyMs"
          domain={[0, "auto"]}
          tickFormatter={(value: number) => (value === 0 ? "0" : formatMilliseconds(value).replace(" ", "\u00a0"))}
          tick={AXIS_TICK}
          axisLine={false}
          tickLine={false}
          width={60}
        />
        <YAxis
          yAxisId="rate"
          orientation="right"
          domain={[0, 1]}
          ticks={[0, 0.5, 1]}
          tickFormatter={(value: number) => formatPercent(value)}
          tick={AXIS_TICK}
          axisLine={false}
          tickLine={false}
          width={44}
        />
        <Tooltip cursor={false} isAnimationActive={false} content={({ active, payload }) => <AttemptTooltip active={active} payload={payload} />} />
        <Line
          yAxisId="rate"
          dataKey="successRate"
          name="success rate"
          type="stepAfter"
          stroke={RATE_COLOR}
          strokeWidth={1.5}
          strokeOpacity={0.7}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
        <Scatter yAxisId="latency" name="accepted" data={ok} dataKey="latencyMs" fill={OK_COLOR} isAnimationActive={false} />
        <Scatter yAxisId="latency" name="failed" data={failed} dataKey="latencyMs" fill={FAILED_COLOR} shape="diamond" isAnimationActive={false} />
      </ComposedChart>
      <ul className="flex flex-wrap items-center gap-4 px-1 pt-1 text-xs text-zinc-400" aria-label="Legend">
        <li className="flex items-center gap-1.5">
          <span className="size-2 rounded-full" style={{ background: OK_COLOR }} aria-hidden />
          accepted (2xx), latency
        </li>
        <li className="flex items-center gap-1.5">
          <span className="size-2 rotate-45" style={{ background: FAILED_COLOR }} aria-hidden />
          failed or refused
        </li>
        <li className="flex items-center gap-1.5">
          <span className="h-0.5 w-4" style={{ background: RATE_COLOR }} aria-hidden />
          success rate, last {ROLLING_ATTEMPTS} attempts (right axis)
        </li>
      </ul>
    </div>
  );
}

export const DeliveryChart = memo(DeliveryChartImpl);
