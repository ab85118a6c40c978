"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MouseEvent } from "react";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE } from "@/components/charts/chart-theme";
import { OUTLIER_RING_COLOR, groupColor } from "@/components/groups/group-colors";
import { centroidSymbol } from "./centroid-symbols";
import type { ScatterAxis } from "./GroupScatterChart";
import { buildHitIndex } from "./scatter-hit";
import type { CentroidPoint, GroupSeries, NodePoint, ScatterPoint } from "./scatter-points";
import { makeScale, resolveDomain } from "./scatter-scale";
import { ScatterTooltip } from "./ScatterTooltip";

type GroupScatterCanvasProps = {
  series: readonly GroupSeries[];
  xAxis: ScatterAxis;
  yAxis: ScatterAxis;
  height: number;
};

const MARGIN = { top: 12, right: 24, bottom: 46, left: 96 };
const CHART_BACKGROUND = "#09090b";
const MAX_LABELLED_OUTLIERS = 8;
/** A pointer this close to a point (in CSS pixels) is on it. */
const HIT_RADIUS = 8;
const AXIS_LABEL_COLOR = "#d4d4d8";

type Plotted = {
  /** Every point in drawing order: groups' nodes, then centroids, then outliers on top. */
  points: ScatterPoint[];
  xs: Float32Array;
  ys: Float32Array;
};

/** Points in drawing order (later on top), so the pointer finds what the eye sees. */
function drawingOrder(series: readonly GroupSeries[]): ScatterPoint[] {
  const nodes: ScatterPoint[] = [];
  const outliers: ScatterPoint[] = [];
  const centroids: ScatterPoint[] = [];
  for (const entry of series) {
    for (const node of entry.nodes) (node.outlier ? outliers : nodes).push(node);
    if (entry.centroid) centroids.push(entry.centroid);
  }
  return [...nodes, ...centroids, ...outliers];
}

function symbolPath(context: CanvasRenderingContext2D, type: string, x: number, y: number, size: number): void {
  const r = size / 2;
  context.beginPath();
  if (type === "square") {
    context.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  } else if (type === "triangle") {
    context.moveTo(x, y - r);
    context.lineTo(x + r, y + r * 0.8);
    context.lineTo(x - r, y + r * 0.8);
  } else if (type === "star") {
    for (let i = 0; i < 10; i++) {
      const radius = i % 2 === 0 ? r : r * 0.45;
      const angle = (i * Math.PI) / 5 - Math.PI / 2;
      context.lineTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
    }
  } else {
    context.moveTo(x, y - r);
    context.lineTo(x + r * 0.8, y);
    context.lineTo(x, y + r);
    context.lineTo(x - r * 0.8, y);
  }
  context.closePath();
}

/**
 * The load scatter for fleets too large for one SVG element a node (thousands of points): one
 * canvas, drawn once per data or size change; the pointer finds the nearest point through a
 * pixel-cell index and shows the same tooltip; a click opens the node. Outliers keep their red
 * ring and centroids their shapes, drawn on top.
 */
export function GroupScatterCanvas({ series, xAxis, yAxis, height }: GroupScatterCanvasProps) {
  const router = useRouter();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hovered, setHovered] = useState<number>(-1);

  useEffect(() => {
    const wrapper = wrapperRef.current;
    if (!wrapper) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(wrapper);
    return () => observer.disconnect();
  }, []);

  const points = useMemo(() => drawingOrder(series), [series]);
  const scales = useMemo(() => {
    if (width === 0) return null;
    const xDomain = resolveDomain(xAxis.domain, points.map((point) => point.x), xAxis.log);
    const yDomain = resolveDomain(yAxis.domain, points.map((point) => point.y), yAxis.log);
    return {
      x: makeScale(xDomain, [MARGIN.left, width - MARGIN.right], xAxis.log, Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 90))),
      y: makeScale(yDomain, [height - MARGIN.bottom, MARGIN.top], yAxis.log),
    };
  }, [points, width, height, xAxis.domain, xAxis.log, yAxis.domain, yAxis.log]);

  const plotted = useMemo<Plotted | null>(() => {
    if (!scales) return null;
    const xs = new Float32Array(points.length);
    const ys = new Float32Array(points.length);
    points.forEach((point, index) => {
      xs[index] = scales.x.toPixel(point.x);
      ys[index] = scales.y.toPixel(point.y);
    });
    return { points, xs, ys };
  }, [points, scales]);

  const hitIndex = useMemo(() => (plotted ? buildHitIndex(plotted.xs, plotted.ys, HIT_RADIUS * 2) : null), [plotted]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !plotted || !scales) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext("2d");
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    drawAxes(context, scales, { width, height, xAxis, yAxis });

    const { points: drawn, xs, ys } = plotted;
    const nodeCount = drawn.filter((point) => point.kind === "node").length;
    // Dense fleets get smaller, translucent dots: overlap then reads as density instead of a blot.
    const radius = nodeCount > 3000 ? 2 : nodeCount > 1000 ? 2.75 : 4;
    context.save();
    context.beginPath();
    context.rect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
    context.clip();
    context.globalAlpha = nodeCount > 3000 ? 0.7 : 0.9;
    let batchColor = "";
    for (let index = 0; index < drawn.length; index++) {
      const point = drawn[index];
      if (point.kind !== "node" || point.outlier) continue;
      const color = groupColor(point.groupId);
      if (color !== batchColor) {
        if (batchColor) context.fill();
        context.beginPath();
        context.fillStyle = color;
        batchColor = color;
      }
      context.moveTo(xs[index] + radius, ys[index]);
      context.arc(xs[index], ys[index], radius, 0, 2 * Math.PI);
    }
    if (batchColor) context.fill();
    context.globalAlpha = 1;

    const outliers = drawn.map((point, index) => ({ point, index })).filter(({ point }) => point.kind === "node" && point.outlier);
    drawn.forEach((point, index) => {
      if (point.kind !== "centroid") return;
      symbolPath(context, centroidSymbol(point.groupId), xs[index], ys[index], 18);
      context.fillStyle = groupColor(point.groupId);
      context.strokeStyle = CHART_BACKGROUND;
      context.lineWidth = 2;
      context.fill();
      context.stroke();
    });
    for (const { point, index } of outliers) {
      // A dark halo under the red ring keeps it readable on top of a dense cloud of points.
      context.beginPath();
      context.arc(xs[index], ys[index], 7, 0, 2 * Math.PI);
      context.strokeStyle = CHART_BACKGROUND;
      context.lineWidth = 4.5;
      context.stroke();
      context.strokeStyle = OUTLIER_RING_COLOR;
      context.lineWidth = 2;
      context.stroke();
      context.beginPath();
      context.arc(xs[index], ys[index], 3.5, 0, 2 * Math.PI);
      context.fillStyle = groupColor(point.groupId);
      context.fill();
    }
    if (outliers.length <= MAX_LABELLED_OUTLIERS) {
      context.font = "11px ui-monospace, SFMono-Regular, Menlo, monospace";
      context.lineWidth = 3;
      context.strokeStyle = CHART_BACKGROUND;
      context.fillStyle = "#fca5a5";
      for (const { point, index } of outliers) {
        const label = (point as NodePoint).nodeId;
        context.strokeText(label, xs[index] + 11, ys[index] + 4);
        context.fillText(label, xs[index] + 11, ys[index] + 4);
      }
    }
    context.restore();
  }, [plotted, scales, width, height, xAxis, yAxis]);

  const pointAt = useCallback(
    (event: MouseEvent<HTMLCanvasElement>) => {
      if (!hitIndex) return -1;
      const box = event.currentTarget.getBoundingClientRect();
      return hitIndex.nearest(event.clientX - box.left, event.clientY - box.top, HIT_RADIUS);
    },
    [hitIndex],
  );

  const hoveredPoint = plotted && hovered >= 0 ? plotted.points[hovered] : null;
  const nodeCount = points.filter((point) => point.kind === "node").length;
  const outlierCount = points.filter((point) => point.kind === "node" && point.outlier).length;

  return (
    <div ref={wrapperRef} className="relative w-full" style={{ height }}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`${nodeCount} nodes in ${series.length} groups by ${xAxis.label} and ${yAxis.label}; ${outlierCount} outliers, listed beside the chart`}
        data-points={nodeCount}
        data-outliers={outlierCount}
        style={{ width: "100%", height, cursor: hoveredPoint?.kind === "node" ? "pointer" : "default" }}
        onMouseMove={(event) => {
          const index = pointAt(event);
          if (index !== hovered) setHovered(index);
        }}
        onMouseLeave={() => setHovered(-1)}
        onClick={(event) => {
          const point = plotted?.points[pointAt(event)];
          if (point?.kind === "node") router.push(`/nodes/${encodeURIComponent(point.nodeId)}`);
        }}
      />
      {hoveredPoint && plotted && (
        <HoverMark point={hoveredPoint} x={plotted.xs[hovered]} y={plotted.ys[hovered]} width={width} xAxis={xAxis} yAxis={yAxis} />
      )}
    </div>
  );
}

function HoverMark({ point, x, y, width, xAxis, yAxis }: { point: ScatterPoint; x: number; y: number; width: number; xAxis: ScatterAxis; yAxis: ScatterAxis }) {
  // The tooltip sits right of the point, or left of it near the right edge.
  const onLeft = x > width - 240;
  return (
    <>
      <span
        className="pointer-events-none absolute rounded-full border-2 border-zinc-50"
        style={{ left: x - 7, top: y - 7, width: 14, height: 14 }}
        aria-hidden
      />
      <div className="pointer-events-none absolute z-10" style={{ top: Math.max(0, y - 20), ...(onLeft ? { right: width - x + 14 } : { left: x + 14 }) }}>
        <ScatterTooltip active payload={[{ payload: point as NodePoint | CentroidPoint }]} xAxis={xAxis} yAxis={yAxis} />
      </div>
    </>
  );
}

function drawAxes(
  context: CanvasRenderingContext2D,
  scales: { x: ReturnType<typeof makeScale>; y: ReturnType<typeof makeScale> },
  frame: { width: number; height: number; xAxis: ScatterAxis; yAxis: ScatterAxis },
): void {
  const { width, height, xAxis, yAxis } = frame;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  context.lineWidth = 1;
  context.strokeStyle = GRID_STROKE;
  context.beginPath();
  for (const tick of scales.x.ticks) {
    const x = Math.round(scales.x.toPixel(tick)) + 0.5;
    context.moveTo(x, top);
    context.lineTo(x, bottom);
  }
  for (const tick of scales.y.ticks) {
    const y = Math.round(scales.y.toPixel(tick)) + 0.5;
    context.moveTo(left, y);
    context.lineTo(right, y);
  }
  context.stroke();
  context.strokeStyle = AXIS_LINE.stroke;
  context.beginPath();
  context.moveTo(left + 0.5, top);
  context.lineTo(left + 0.5, bottom + 0.5);
  context.lineTo(right, bottom + 0.5);
  context.stroke();

  context.fillStyle = AXIS_TICK.fill;
  context.font = `${AXIS_TICK.fontSize}px ui-sans-serif, system-ui, sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "top";
  let lastRight = Number.NEGATIVE_INFINITY;
  for (const tick of scales.x.ticks) {
    const x = scales.x.toPixel(tick);
    const text = xAxis.format(tick);
    const half = context.measureText(text).width / 2;
    // Labels that would touch the previous one are left out, as the SVG axis does.
    if (x - half < lastRight + 12) continue;
    context.fillText(text, x, bottom + 6);
    lastRight = x + half;
  }
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (const tick of scales.y.ticks) context.fillText(yAxis.format(tick), left - 8, scales.y.toPixel(tick));

  context.fillStyle = AXIS_LABEL_COLOR;
  context.font = "12px ui-sans-serif, system-ui, sans-serif";
  context.textAlign = "center";
  context.textBaseline = "alphabetic";
  context.fillText(xAxis.label, (left + right) / 2, height - 8);
  context.save();
  context.translate(14, (top + bottom) / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = "top";
  context.fillText(yAxis.label, 0, 0);
  context.restore();
}
