"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo } from "react";
import { CartesianGrid, Scatter, ScatterChart, Symbols, Tooltip, XAxis, YAxis } from "recharts";
import type { ScatterShapeProps } from "recharts";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE } from "@/components/charts/chart-theme";
import { OUTLIER_RING_COLOR, groupColor } from "@/components/groups/group-colors";
import { centroidSymbol } from "./centroid-symbols";
import type { CentroidPoint, GroupSeries, NodePoint } from "./scatter-points";
import { ScatterTooltip } from "./ScatterTooltip";
import type { AxisDescription } from "./ScatterTooltip";

export type ScatterAxis = AxisDescription & {
  domain: [number | "auto" | "dataMin" | "dataMax", number | "auto" | "dataMin" | "dataMax"];
  log: boolean;
};

type GroupScatterChartProps = {
  series: readonly GroupSeries[];
  xAxis: ScatterAxis;
  yAxis: ScatterAxis;
  height: number;
};

/** Naming every outlier on the chart helps while there are few; past this they would cover each other. */
const MAX_LABELLED_OUTLIERS = 8;
const CHART_BACKGROUND = "#09090b";

function NodeDot({ cx, cy, point, labelled, onOpen }: { cx?: number; cy?: number; point: NodePoint; labelled: boolean; onOpen: (nodeId: string) => void }) {
  if (cx === undefined || cy === undefined) return null;
  const description = `${point.nodeId}, group ${point.groupName}${point.outlier ? ", load outlier" : ""}`;
  return (
    <g
      role="img"
      aria-label={description}
      data-node-id={point.nodeId}
      data-group-id={point.groupId}
      data-group-name={point.groupName}
      data-outlier={point.outlier ? "true" : "false"}
      className="cursor-pointer"
      onClick={() => onOpen(point.nodeId)}
    >
      {point.outlier && <circle cx={cx} cy={cy} r={9} fill="none" stroke={OUTLIER_RING_COLOR} strokeWidth={2} />}
      <circle cx={cx} cy={cy} r={4.5} fill={groupColor(point.groupId)} fillOpacity={0.9} stroke={CHART_BACKGROUND} strokeWidth={1} />
      {labelled && (
        <text x={cx + 12} y={cy + 4} fontSize={11} fill="#fca5a5" className="pointer-events-none font-mono" paintOrder="stroke" stroke={CHART_BACKGROUND} strokeWidth={3}>
          {point.nodeId}
        </text>
      )}
    </g>
  );
}

function CentroidMarker({ cx, cy, point }: { cx?: number; cy?: number; point: CentroidPoint }) {
  if (cx === undefined || cy === undefined) return null;
  return (
    <g role="img" aria-label={`centroid of group ${point.groupName}`} data-centroid-of={point.groupName}>
      <Symbols
        cx={cx}
        cy={cy}
        type={centroidSymbol(point.groupId)}
        size={18}
        sizeType="diameter"
        fill={groupColor(point.groupId)}
        stroke={CHART_BACKGROUND}
        strokeWidth={2}
      />
    </g>
  );
}

/**
 * Nodes by load, one series per group in the group's colour, centroids as larger shapes on
 * top, and outliers drawn last with a red ring so no other point can hide them.
 */
export function GroupScatterChart({ series, xAxis, yAxis, height }: GroupScatterChartProps) {
  const router = useRouter();
  const openNode = useCallback((nodeId: string) => router.push(`/nodes/${encodeURIComponent(nodeId)}`), [router]);

  const outliers = useMemo(() => series.flatMap((entry) => entry.nodes.filter((node) => node.outlier)), [series]);
  const centroids = useMemo(() => series.flatMap((entry) => (entry.centroid ? [entry.centroid] : [])), [series]);
  const labelOutliers = outliers.length <= MAX_LABELLED_OUTLIERS;

  const renderNode = useCallback(
    (props: ScatterShapeProps) => <NodeDot cx={props.cx} cy={props.cy} point={props.payload as NodePoint} labelled={false} onOpen={openNode} />,
    [openNode],
  );
  const renderOutlier = useCallback(
    (props: ScatterShapeProps) => <NodeDot cx={props.cx} cy={props.cy} point={props.payload as NodePoint} labelled={labelOutliers} onOpen={openNode} />,
    [openNode, labelOutliers],
  );
  const renderCentroid = useCallback((props: ScatterShapeProps) => <CentroidMarker cx={props.cx} cy={props.cy} point={props.payload as CentroidPoint} />, []);

  return (
    <ScatterChart responsive style={{ width: "100%", height }} margin={{ top: 12, right: 24, bottom: 28, left: 8 }}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis
        type="number"
        dataKey="x"
        name={xAxis.label}
        scale={xAxis.log ? "log" : "auto"}
        domain={xAxis.domain}
        allowDataOverflow={false}
        // Recharts wraps tick text at spaces; "30 MB/s" must stay on one line.
        tickFormatter={(value: number) => xAxis.format(value).replace(" ", "\u00a0")}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={24}
        label={{ value: xAxis.label, position: "insideBottom", offset: -18, fill: "#d4d4d8", fontSize: 12 }}
      />
      <YAxis
        type="number"
        dataKey="y"
        name={yAxis.label}
        scale={yAxis.log ? "log" : "auto"}
        domain={yAxis.domain}
        tickFormatter={(value: number) => yAxis.format(value).replace(" ", "\u00a0")}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        width={84}
        label={{ value: yAxis.label, angle: -90, position: "insideLeft", offset: 0, dx: -2, fill: "#d4d4d8", fontSize: 12, style: { textAnchor: "middle" } }}
      />
      <Tooltip
        cursor={false}
        isAnimationActive={false}
        content={({ active, payload }) => <ScatterTooltip active={active} payload={payload} xAxis={xAxis} yAxis={yAxis} />}
      />
      {series.map((entry) => (
        <Scatter
          key={entry.group.id}
          name={entry.group.name}
          data={entry.nodes.filter((node) => !node.outlier)}
          shape={renderNode}
          isAnimationActive={false}
        />
      ))}
      <Scatter name="centroids" data={centroids} shape={renderCentroid} isAnimationActive={false} />
      <Scatter name="outliers" data={outliers} shape={renderOutlier} isAnimationActive={false} />
    </ScatterChart>
  );
}
