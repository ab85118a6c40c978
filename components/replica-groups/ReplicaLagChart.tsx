"use client";

import { memo, useMemo, useState } from "react";
import type { MouseEvent } from "react";
import { GRID_STROKE, TOOLTIP_CONTENT_STYLE } from "@/components/charts/chart-theme";
import { formatClock, formatMilliseconds } from "@/components/ui/format";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { lagLinePaths, niceLagCeiling } from "./lag-lines";

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
/** The lines are drawn in a fixed frame stretched to the card's width (strokes keep their width). */
const FRAME_WIDTH = 1000;
const FRAME_HEIGHT = 100;
const AXIS_WIDTH = 64;
const TIME_AXIS_HEIGHT = 18;

function formatLag(value: number): string {
  return value === 0 ? "0" : formatMilliseconds(value);
}

/**
 * Each replica's lag over the last minutes: a few SVG paths, not a chart library. A page shows a
 * card per group, each polled every two seconds; a full chart per card made every poll a long task.
 * Pointing at it reads every replica's lag at that moment.
 */
function ReplicaLagChartImpl({ samples, replicaIds, windowMs, height = 110 }: ReplicaLagChartProps) {
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const last = samples.at(-1)?.at ?? 0;
  const first = samples[0]?.at ?? last;
  const span = Math.min(windowMs, Math.max(MIN_SPAN_MS, last - first));
  const start = last - span;
  const ceiling = useMemo(() => niceLagCeiling(samples, replicaIds), [samples, replicaIds]);
  const paths = useMemo(
    () => lagLinePaths(samples, replicaIds, { start, span, ceiling, width: FRAME_WIDTH, height: FRAME_HEIGHT }),
    [samples, replicaIds, start, span, ceiling],
  );
  const plotHeight = height - TIME_AXIS_HEIGHT;
  const hovered = hoverIndex === null ? null : (samples[hoverIndex] ?? null);

  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    if (samples.length === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const at = start + ((event.clientX - box.left) / box.width) * span;
    // Samples are in time order: the nearest one is found by a binary search.
    let low = 0;
    let high = samples.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (samples[middle].at < at) low = middle + 1;
      else high = middle;
    }
    const nearest = low > 0 && at - samples[low - 1].at < samples[low].at - at ? low - 1 : low;
    if (nearest !== hoverIndex) setHoverIndex(nearest);
  };

  return (
    <div className="flex text-[11px] text-zinc-400 tabular" style={{ height }}>
      <div className="flex shrink-0 flex-col justify-between pr-2 text-right" style={{ width: AXIS_WIDTH, height: plotHeight }}>
        <span>{formatLag(ceiling)}</span>
        <span>{formatLag(ceiling / 2)}</span>
        <span>0</span>
      </div>
      <div className="relative min-w-0 flex-1">
        <div className="relative" style={{ height: plotHeight }} onMouseMove={onMove} onMouseLeave={() => setHoverIndex(null)}>
          <svg viewBox={`0 0 ${FRAME_WIDTH} ${FRAME_HEIGHT}`} preserveAspectRatio="none" className="absolute inset-0 size-full" aria-hidden>
            {[0, 0.5, 1].map((fraction) => (
              <line key={fraction} x1={0} x2={FRAME_WIDTH} y1={fraction * FRAME_HEIGHT} y2={fraction * FRAME_HEIGHT} stroke={GRID_STROKE} vectorEffect="non-scaling-stroke" />
            ))}
            {replicaIds.map((nodeId, index) =>
              paths[index] ? (
                <path key={nodeId} d={paths[index]} fill="none" stroke={replicaColor(index)} strokeWidth={1.5} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
              ) : null,
            )}
          </svg>
          {samples.length <= 2 &&
            samples.map((sample) =>
              replicaIds.map((nodeId, index) => {
                const lag = sample.lags[nodeId];
                if (lag === null || lag === undefined) return null;
                return (
                  <span
                    key={`${sample.at}-${nodeId}`}
                    className="absolute size-1 -translate-1/2 rounded-full"
                    style={{ left: `${((sample.at - start) / span) * 100}%`, top: `${(1 - Math.min(lag, ceiling) / ceiling) * 100}%`, background: replicaColor(index) }}
                  />
                );
              }),
            )}
          {hovered && (
            <>
              <span className="pointer-events-none absolute inset-y-0 w-px bg-zinc-500" style={{ left: `${((hovered.at - start) / span) * 100}%` }} aria-hidden />
              <div
                className="pointer-events-none absolute top-0 z-10 space-y-0.5"
                style={{ ...TOOLTIP_CONTENT_STYLE, ...((hovered.at - start) / span > 0.6 ? { right: `${(1 - (hovered.at - start) / span) * 100 + 1}%` } : { left: `${((hovered.at - start) / span) * 100 + 1}%` }) }}
              >
                <div className="text-zinc-400">{formatClock(hovered.at)}</div>
                {replicaIds.map((nodeId, index) => {
                  const lag = hovered.lags[nodeId];
                  return (
                    <div key={nodeId} className="flex items-center gap-2 whitespace-nowrap">
                      <span className="size-2 rounded-full" style={{ background: replicaColor(index) }} aria-hidden />
                      <span className="font-mono text-zinc-300">{nodeId}</span>
                      <span className="ml-auto text-zinc-100">{lag === null || lag === undefined ? "no report" : formatMilliseconds(lag)}</span>
                    </div>
                  );
                })}
              </div>
            </>
          )}
        </div>
        <div className="flex justify-between pt-1" style={{ height: TIME_AXIS_HEIGHT }}>
          <span>{samples.length ? formatClock(start) : ""}</span>
          <span>{samples.length ? formatClock(last) : ""}</span>
        </div>
      </div>
    </div>
  );
}

export const ReplicaLagChart = memo(ReplicaLagChartImpl);

export function replicaColor(index: number): string {
  return REPLICA_COLORS[index % REPLICA_COLORS.length];
}
