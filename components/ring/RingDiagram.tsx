"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { MouseEvent } from "react";
import { ringGroupColor } from "@/components/ring/ring-colors";
import { arcsByOwner, canvasAngles, formatHash, formatRingPosition, formatShare, hashToAngle, pointAt, pointToHash, rangeShare, segmentIndexAt } from "@/components/ring/ring-geometry";
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
type MovedRange = { start: number; end: number; from: string; to: string };

type RingDiagramProps = {
  /** The arcs to draw (exact owner runs, or equal slices of a dense ring), sorted by start; hover reads these. */
  drawing: RingDrawing;
  /** Groups on the ring now: the same number the page header shows (the drawing may be an epoch behind). */
  groupCount: number;
  /** The epoch the page shows; the drawing says so when it is still of an older one. */
  epoch: number;
  /** Tick marks at every token (the drawing carries their positions when they are few enough). */
  showTicks: boolean;
  /** Dims every other group: the looked-up key's owner, or the table row under the pointer. */
  emphasizedGroup: string | null;
  marker: RingKeyMarker | null;
  /** A previewed change's moved ranges, drawn as an inner band in the new owner's colour. */
  movedRanges: readonly MovedRange[] | null;
  /** A click on the ring pins its group (null: a click off the ring unpins). */
  onPickGroup?: (groupId: string | null) => void;
};

function annulusSector(ctx: CanvasRenderingContext2D, inner: number, outer: number, start: number, end: number): void {
  const { from, to } = canvasAngles(start, end);
  ctx.moveTo(FRAME.cx + outer * Math.cos(from), FRAME.cy + outer * Math.sin(from));
  ctx.arc(FRAME.cx, FRAME.cy, outer, from, to);
  ctx.arc(FRAME.cx, FRAME.cy, inner, to, from, true);
  ctx.closePath();
}

type Scene = {
  byOwner: ReadonlyMap<string, readonly RingArc[]>;
  ticks: readonly number[] | null;
  emphasizedGroup: string | null;
  marker: RingKeyMarker | null;
  movedRanges: readonly MovedRange[] | null;
  hovered: RingArc | null;
};

/** The whole ring in one pass: one filled path per group, so 1,440 arcs cost a few hundred fills, not DOM nodes. */
function paint(ctx: CanvasRenderingContext2D, scene: Scene): void {
  ctx.clearRect(0, 0, SIZE, SIZE);
  ctx.beginPath();
  ctx.arc(FRAME.cx, FRAME.cy, (INNER + OUTER) / 2, 0, 2 * Math.PI);
  ctx.strokeStyle = "#18181b";
  ctx.lineWidth = OUTER - INNER;
  ctx.stroke();

  for (const [owner, arcs] of scene.byOwner) {
    ctx.globalAlpha = scene.emphasizedGroup === null || scene.emphasizedGroup === owner ? 0.92 : 0.22;
    ctx.fillStyle = ringGroupColor(owner);
    ctx.beginPath();
    for (const arc of arcs) annulusSector(ctx, INNER, OUTER, arc.start, arc.end);
    ctx.fill();
  }
  ctx.globalAlpha = 1;

  if (scene.movedRanges && scene.movedRanges.length > 0) {
    ctx.beginPath();
    ctx.arc(FRAME.cx, FRAME.cy, (MOVED_INNER + MOVED_OUTER) / 2, 0, 2 * Math.PI);
    ctx.strokeStyle = "#27272a";
    ctx.lineWidth = MOVED_OUTER - MOVED_INNER;
    ctx.stroke();
    for (const [owner, ranges] of arcsByOwner(scene.movedRanges.map((range) => ({ ...range, owner: range.to })))) {
      ctx.fillStyle = ringGroupColor(owner);
      ctx.beginPath();
      for (const range of ranges) annulusSector(ctx, MOVED_INNER, MOVED_OUTER, range.start, range.end);
      ctx.fill();
    }
  }

  if (scene.ticks) {
    ctx.beginPath();
    for (const token of scene.ticks) {
      const angle = hashToAngle(token);
      const a = pointAt(FRAME, TICK_INNER, angle);
      const b = pointAt(FRAME, TICK_OUTER, angle);
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.strokeStyle = "rgba(161, 161, 170, 0.7)";
    ctx.lineWidth = 0.6;
    ctx.stroke();
  }

  if (scene.hovered) {
    ctx.beginPath();
    annulusSector(ctx, INNER - 3, OUTER + 3, scene.hovered.start, scene.hovered.end);
    ctx.strokeStyle = "#fafafa";
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }

  // 0 marker at the top: where the hash space starts and wraps.
  ctx.beginPath();
  ctx.setLineDash([2, 2]);
  ctx.moveTo(FRAME.cx, FRAME.cy - OUTER - 12);
  ctx.lineTo(FRAME.cx, FRAME.cy - INNER + 4);
  ctx.strokeStyle = "#71717a";
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = "#a1a1aa";
  ctx.font = "10px ui-monospace, monospace";
  ctx.fillText("0x00000000", FRAME.cx + 4, FRAME.cy - OUTER - 14);

  if (scene.marker) {
    const angle = hashToAngle(scene.marker.hash);
    const from = pointAt(FRAME, MOVED_INNER - 30, angle);
    const to = pointAt(FRAME, OUTER + 16, angle);
    ctx.lineCap = "round";
    for (const [color, width] of [[BACKGROUND, 5], ["#fafafa", 2]] as const) {
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.arc(to.x, to.y, 5, 0, 2 * Math.PI);
    ctx.fillStyle = "#fafafa";
    ctx.fill();
    ctx.strokeStyle = BACKGROUND;
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.lineCap = "butt";
  }
}

function CentreText({ hovered, exact, marker, epoch, groupCount }: { hovered: RingArc | null; exact: boolean; marker: RingKeyMarker | null; epoch: number; groupCount: number }) {
  if (hovered && !exact) {
    // A slice of a dense ring: what is in it, not one exact range (those are narrower than a pixel here).
    return (
      <div data-testid="ring-hover" data-group={hovered.owner}>
        <p className="font-mono text-[11px] text-zinc-300">
          {formatHash(hovered.start)} – {formatHash(hovered.end)}
        </p>
        <p className="text-[11px] text-zinc-400">
          {hovered.tokens} {hovered.tokens === 1 ? "token" : "tokens"} of {hovered.owners} {hovered.owners === 1 ? "group" : "groups"} here
        </p>
        <p className="mt-1 font-mono text-[15px] font-semibold" style={{ color: ringGroupColor(hovered.owner) }}>
          {hovered.owner}
        </p>
        <p className="text-[12px] text-zinc-200">owns {formatShare(hovered.share)} of this slice</p>
        <p className="mt-1 text-[11px] text-zinc-400">look a key up for its exact owner</p>
      </div>
    );
  }
  if (hovered) {
    return (
      <div data-testid="ring-hover" data-group={hovered.owner}>
        <p className="font-mono text-[15px] font-semibold" style={{ color: ringGroupColor(hovered.owner) }}>
          {hovered.owner}
        </p>
        <p className="font-mono text-[11px] text-zinc-300">
          {formatHash(hovered.start)} – {formatHash(hovered.end)}
        </p>
        <p className="text-[11px] text-zinc-400">
          {formatRingPosition(hovered.start)} – {formatRingPosition(hovered.end + 1)}
        </p>
        <p className="mt-1 text-[13px] text-zinc-200">{formatShare(rangeShare(hovered))} of the keyspace</p>
      </div>
    );
  }
  if (marker) {
    return (
      <div>
        <p className="text-[12px] text-zinc-400">key “{marker.key.length > 22 ? `${marker.key.slice(0, 21)}…` : marker.key}”</p>
        <p className="font-mono text-[12px] text-zinc-300">{formatHash(marker.hash)}</p>
        <p className="mt-1 font-mono text-[15px] font-semibold" style={{ color: ringGroupColor(marker.group) }}>
          → {marker.group}
        </p>
      </div>
    );
  }
  return (
    <div>
      <p className="text-[22px] font-semibold text-zinc-100">epoch {epoch}</p>
      <p className="text-[13px] text-zinc-400" data-testid="ring-centre-count">
        {groupCount.toLocaleString("en-US")} {groupCount === 1 ? "group" : "groups"}
      </p>
      <p className="mt-1 text-[11px] text-zinc-400">hover the ring for ranges</p>
    </div>
  );
}

/**
 * The hash ring on a canvas, 0 at the top and clockwise: the server sends at most ~1,440 arcs
 * however many tokens the ring has, and the canvas fills them per group, so thousands of groups
 * cost no DOM at all. Hovering finds the arc under the pointer by binary search; a click pins it.
 * The centre and the marker stay in the DOM (read by people, screen readers and tests).
 */
export function RingDiagram({ drawing, groupCount, epoch, showTicks, emphasizedGroup, marker, movedRanges, onPickGroup }: RingDiagramProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hoveredIndex, setHoveredIndex] = useState<number | null>(null);
  const [pinnedIndex, setPinnedIndex] = useState<number | null>(null);
  const segments = drawing.arcs;
  const byOwner = useMemo(() => arcsByOwner(segments), [segments]);
  const shownIndex = hoveredIndex ?? pinnedIndex;
  const hovered = shownIndex === null ? null : (segments[shownIndex] ?? null);
  const ticks = showTicks ? drawing.ticks : null;
  const pinnedGroup = pinnedIndex === null ? null : (segments[pinnedIndex]?.owner ?? null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    if (canvas.width !== SIZE * ratio) {
      canvas.width = SIZE * ratio;
      canvas.height = SIZE * ratio;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    paint(ctx, { byOwner, ticks, emphasizedGroup: emphasizedGroup ?? pinnedGroup, marker, movedRanges, hovered });
  }, [byOwner, ticks, emphasizedGroup, pinnedGroup, marker, movedRanges, hovered]);

  const indexAt = (event: MouseEvent<HTMLCanvasElement>): number | null => {
    const box = event.currentTarget.getBoundingClientRect();
    const dx = ((event.clientX - box.left) * SIZE) / box.width - FRAME.cx;
    const dy = ((event.clientY - box.top) * SIZE) / box.height - FRAME.cy;
    const distance = Math.hypot(dx, dy);
    if (distance < MOVED_INNER - 4 || distance > TICK_OUTER + 4) return null;
    const index = segmentIndexAt(segments, pointToHash(dx, dy));
    return index < 0 ? null : index;
  };
  const onMove = (event: MouseEvent<HTMLCanvasElement>) => {
    const next = indexAt(event);
    if (next !== hoveredIndex) setHoveredIndex(next);
  };
  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const index = indexAt(event);
    const next = index === pinnedIndex ? null : index;
    setPinnedIndex(next);
    onPickGroup?.(next === null ? null : (segments[next]?.owner ?? null));
  };

  return (
    <div
      className="relative mx-auto w-full max-w-[520px] select-none"
      data-testid="ring-diagram"
      data-epoch={drawing.epoch}
      data-arcs={segments.length}
      data-hovered-group={hovered?.owner ?? ""}
    >
      <canvas
        ref={canvasRef}
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label={`Hash ring at epoch ${drawing.epoch}: ${groupCount} groups`}
        className={`block h-auto w-full ${hovered ? "cursor-pointer" : ""}`}
        onMouseMove={onMove}
        onMouseLeave={() => setHoveredIndex(null)}
        onClick={onClick}
        data-testid="ring-canvas"
      />
      <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-center">
        <div className="max-w-[52%]">
          <CentreText hovered={hovered} exact={drawing.exact} marker={marker} epoch={epoch} groupCount={groupCount} />
        </div>
      </div>
      {marker && <span hidden data-testid="ring-key-marker" data-hash={marker.hash} data-group={marker.group} />}
    </div>
  );
}
