"use client";

import type { NodeState } from "@/lib/protocol/common";
import type { NodeEventView } from "@/lib/protocol/views";
import { formatAxisTime, formatDateTime, formatDuration } from "@/components/ui/format";
import { STATE_STYLES, STATES_FOR_DISPLAY } from "@/components/nodes/state-colors";
import { formatPercent } from "@/components/ui/format";
import { buildStateSegments, timeShareByState } from "@/components/charts/state-timeline";

type StateTimelineProps = {
  events: readonly NodeEventView[];
  currentState: NodeState;
  from: number;
  to: number;
  /** When Vigil first heard of the node; earlier time is drawn as "no data", not guessed. */
  knownFrom: number;
};

const TICKS = 5;

/** A single bar of coloured segments: when was this node in trouble during the selected range? */
export function StateTimeline({ events, currentState, from, to, knownFrom }: StateTimelineProps) {
  const span = Math.max(1, to - from);
  const segments = buildStateSegments(events, currentState, Math.min(to, Math.max(from, knownFrom)), to);
  const shares = timeShareByState(segments);
  const present = new Set(segments.map((segment) => segment.state));
  return (
    <div>
      <div
        className="relative h-6 overflow-hidden rounded bg-[repeating-linear-gradient(135deg,#27272a_0_6px,#1f1f23_6px_12px)]"
        role="img"
        aria-label="State over time"
      >
        {segments.map((segment) => (
          <div
            key={`${segment.from}-${segment.state}`}
            className={`absolute inset-y-0 ${STATE_STYLES[segment.state].solid} border-r border-zinc-950/40`}
            style={{ left: `${((segment.from - from) / span) * 100}%`, width: `max(2px, ${((segment.to - segment.from) / span) * 100}%)` }}
            title={`${STATE_STYLES[segment.state].label} for ${formatDuration(segment.to - segment.from)} from ${formatDateTime(segment.from)}${
              segment.reason ? ` — ${segment.reason}` : ""
            }`}
          />
        ))}
      </div>
      <div className="mt-1 flex justify-between text-[11px] text-zinc-400 tabular">
        {Array.from({ length: TICKS }, (_, index) => (
          <span key={index}>{formatAxisTime(from + (span * index) / (TICKS - 1), span)}</span>
        ))}
      </div>
      <div className="mt-2 flex flex-wrap gap-3 text-xs text-zinc-400">
        {STATES_FOR_DISPLAY.filter((state) => present.has(state)).map((state) => (
          <span key={state} className="flex items-center gap-1.5">
            <span className={`size-2 rounded-sm ${STATE_STYLES[state].solid}`} aria-hidden />
            {STATE_STYLES[state].label}
            <span className="text-zinc-400 tabular">{formatPercent(shares[state], 1)}</span>
          </span>
        ))}
        {knownFrom > from && <span className="text-zinc-400">· first seen {formatDateTime(knownFrom)}</span>}
      </div>
    </div>
  );
}
