"use client";

import { memo, useMemo, useRef, useState } from "react";
import type { MouseEvent } from "react";
import { ringGroupColor } from "@/components/ring/ring-colors";
import {
  annulusArcPath,
  formatHash,
  formatRingPosition,
  formatShare,
  hashToAngle,
  pathsByOwner,
  pointAt,
  pointToHash,
  rangeShare,
  segmentIndexAt,
  tickPath,
} from "@/components/ring/ring-geometry";
import type { RingArc } from "@/components/ring/ring-geometry";
import type { RingDrawing } from "./ring-types";

const SIZE = 460;
const FRAME = { cx: SIZE / 2, cy: SIZE / 2 };
const OUTER = 206;
const INNER = 162;
const MOVED_OUTER = 156;
const MOVED_INNER = 146;
const TICK_INNER = OUTER + 2;
const TICK_OUTER = OUTER + 9;
const BACKGROUND = "#09090b";

export type RingKeyMarker = { key: string; hash: number; group: string };

type RingDiagramProps = {
  /** The arcs to draw (exact owner runs, or equal slices of a dense ring), sorted by start; hover reads these. */
  drawing: RingDrawing;
  /** Tick marks at every token (the drawing carries their positions when they are few enough). */
  showTicks: boolean;
  /** Dims every other group: the looked-up key's owner, or the table row under the pointer. */
  emphasizedGroup: string | null;
  marker: RingKeyMarker | null;
  /** A previewed change's moved ranges, drawn as an inner band in the new owner's colour. */
  movedRanges: readonly { start: number; end: number; from: string; to: string }[] | null;
};

/** The arcs themselves: recomputed only when the ring or the emphasis changes, never on hover. */
const RingArcs = memo(function RingArcs({ paths, emphasizedGroup }: { paths: ReadonlyMap<string, string>; emphasizedGroup: string | null }) {
  return (
    <g>
      {[...paths].map(([owner, d]) => (
        <path
          key={owner}
          d={d}
          fill={ringGroupColor(owner)}
          fillOpacity={emphasizedGroup === null || emphasizedGroup === owner ? 0.92 : 0.22}
          data-arc-group={owner}
        />
      ))}
    </g>
  );
});

const MovedBand = memo(function MovedBand({ ranges }: { ranges: readonly { start: number; end: number; to: string }[] }) {
  const paths = useMemo(() => {
    const byOwner = new Map<string, string[]>();
    for (const range of ranges) {
      const parts = byOwner.get(range.to) ?? [];
      parts.push(annulusArcPath(FRAME, MOVED_INNER, MOVED_OUTER, range.start, range.end));
      byOwner.set(range.to, parts);
    }
    return [...byOwner].map(([owner, parts]) => [owner, parts.join("")] as const);
  }, [ranges]);
  return (
    <g data-testid="ring-moved-ranges">
      <circle cx={FRAME.cx} cy={FRAME.cy} r={(MOVED_INNER + MOVED_OUTER) / 2} fill="none" stroke="#27272a" strokeWidth={MOVED_OUTER - MOVED_INNER} />
      {paths.map(([owner, d]) => (
        <path key={owner} d={d} fill={ringGroupColor(owner)} />
      ))}
    </g>
  );
});

function KeyNeedle({ marker }: { marker: RingKeyMarker }) {
  const angle = hashToAngle(marker.hash);
  const from = pointAt(FRAME, MOVED_INNER - 30, angle);
  const to = pointAt(FRAME, OUTER + 16, angle);
  return (
    <g data-testid="ring-key-marker" data-hash={marker.hash} data-group={marker.group} className="pointer-events-none">
      <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke={BACKGROUND} strokeWidth={5} strokeLinecap="round" />
      <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#fafafa" strokeWidth={2} strokeLinecap="round" />
      <circle cx={to.x} cy={to.y} r={5} fill="#fafafa" stroke={BACKGROUND} strokeWidth={2} />
    </g>
  );
}

function CentreText({ hovered, exact, marker, epoch, groupCount }: { hovered: RingArc | null; exact: boolean; marker: RingKeyMarker | null; epoch: number; groupCount: number }) {
  const line = (y: number, text: string, className: string, color?: string) => (
    <text x={FRAME.cx} y={FRAME.cy + y} textAnchor="middle" className={className} fill={color}>
      {text}
    </text>
  );
  if (hovered && !exact) {
    // A slice of a dense ring: what is in it, not one exact range (those are narrower than a pixel here).
    return (
      <g className="pointer-events-none" data-testid="ring-hover">
        {line(-40, `${formatHash(hovered.start)} – ${formatHash(hovered.end)}`, "fill-zinc-300 font-mono text-[11px]")}
        {line(-22, `${hovered.tokens} ${hovered.tokens === 1 ? "token" : "tokens"} of ${hovered.owners} ${hovered.owners === 1 ? "group" : "groups"} here`, "fill-zinc-400 text-[11px]")}
        {line(2, hovered.owner, "font-mono text-[15px] font-semibold", ringGroupColor(hovered.owner))}
        {line(22, `owns ${formatShare(hovered.share)} of this slice`, "fill-zinc-200 text-[12px]")}
        {line(40, "look a key up for its exact owner", "fill-zinc-600 text-[11px]")}
      </g>
    );
  }
  if (hovered) {
    return (
      <g className="pointer-events-none" data-testid="ring-hover">
        {line(-34, hovered.owner, "font-mono text-[15px] font-semibold", ringGroupColor(hovered.owner))}
        {line(-12, `${formatHash(hovered.start)} – ${formatHash(hovered.end)}`, "fill-zinc-300 font-mono text-[11px]")}
        {line(6, `${formatRingPosition(hovered.start)} – ${formatRingPosition(hovered.end + 1)}`, "fill-zinc-500 text-[11px]")}
        {line(30, `${formatShare(rangeShare(hovered))} of the keyspace`, "fill-zinc-200 text-[13px]")}
      </g>
    );
  }
  if (marker) {
    return (
      <g className="pointer-events-none">
        {line(-22, `key “${marker.key.length > 22 ? `${marker.key.slice(0, 21)}…` : marker.key}”`, "fill-zinc-400 text-[12px]")}
        {line(0, formatHash(marker.hash), "fill-zinc-300 font-mono text-[12px]")}
        {line(24, `→ ${marker.group}`, "font-mono text-[15px] font-semibold", ringGroupColor(marker.group))}
      </g>
    );
  }
  return (
    <g className="pointer-events-none">
      {line(-8, `epoch ${epoch}`, "fill-zinc-100 text-[22px] font-semibold")}
      {line(16, `${groupCount} ${groupCount === 1 ? "group" : "groups"}`, "fill-zinc-400 text-[13px]")}
      {line(36, "hover the ring for ranges", "fill-zinc-600 text-[11px]")}
    </g>
  );
}

/**
 * The hash ring drawn in SVG, 0 at the top and clockwise: one path per group, so the drawing
 * stays at most a path per group however many tokens the ring has (the server sends at most
 * ~1,440 arcs); hovering finds the arc under the pointer by binary search.
 */
export function RingDiagram({ drawing, showTicks, emphasizedGroup, marker, movedRanges }: RingDiagramProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [hoveredIndex, setHoveredIndex] = useState<number | null>(null);
  const segments = drawing.arcs;
  const epoch = drawing.epoch;

  const paths = useMemo(() => pathsByOwner(segments, FRAME, INNER, OUTER), [segments]);
  const ticks = useMemo(() => (showTicks && drawing.ticks ? tickPath(drawing.ticks, FRAME, TICK_INNER, TICK_OUTER) : ""), [showTicks, drawing.ticks]);
  const groupCount = drawing.groupCount;
  const hovered = hoveredIndex === null ? null : (segments[hoveredIndex] ?? null);
  const hoveredPath = useMemo(() => (hovered ? annulusArcPath(FRAME, INNER - 3, OUTER + 3, hovered.start, hovered.end) : null), [hovered]);

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const svg = svgRef.current;
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const dx = ((event.clientX - box.left) * SIZE) / box.width - FRAME.cx;
    const dy = ((event.clientY - box.top) * SIZE) / box.height - FRAME.cy;
    const distance = Math.hypot(dx, dy);
    const onRing = distance >= MOVED_INNER - 4 && distance <= TICK_OUTER + 4;
    const index = onRing ? segmentIndexAt(segments, pointToHash(dx, dy)) : -1;
    const next = index < 0 ? null : index;
    if (next !== hoveredIndex) setHoveredIndex(next);
  };

  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`Hash ring at epoch ${epoch}: ${groupCount} groups`}
      className="mx-auto block w-full max-w-[520px] select-none"
      onMouseMove={onMove}
      onMouseLeave={() => setHoveredIndex(null)}
      data-testid="ring-diagram"
    >
      <circle cx={FRAME.cx} cy={FRAME.cy} r={(INNER + OUTER) / 2} fill="none" stroke="#18181b" strokeWidth={OUTER - INNER} />
      <RingArcs paths={paths} emphasizedGroup={emphasizedGroup} />
      {movedRanges && movedRanges.length > 0 && <MovedBand ranges={movedRanges} />}
      {showTicks && <path d={ticks} stroke="#a1a1aa" strokeWidth={0.6} strokeOpacity={0.7} fill="none" data-testid="ring-ticks" />}
      {hoveredPath && <path d={hoveredPath} fill="none" stroke="#fafafa" strokeWidth={1.5} className="pointer-events-none" />}
      {/* 0 marker at the top: where the hash space starts and wraps. */}
      <line x1={FRAME.cx} y1={FRAME.cy - OUTER - 12} x2={FRAME.cx} y2={FRAME.cy - INNER + 4} stroke="#52525b" strokeWidth={1} strokeDasharray="2 2" className="pointer-events-none" />
      <text x={FRAME.cx + 4} y={FRAME.cy - OUTER - 14} className="pointer-events-none fill-zinc-500 font-mono text-[10px]">
        0x00000000
      </text>
      {marker && <KeyNeedle marker={marker} />}
      <CentreText hovered={hovered} exact={drawing.exact} marker={marker} epoch={epoch} groupCount={groupCount} />
    </svg>
  );
}
