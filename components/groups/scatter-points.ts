import type { GroupView, GroupedNodeView } from "@/lib/protocol/api/groups";
import type { MetricName } from "@/lib/protocol/views";

/** What the two scatter axes show: the run's first two principal components, or two real metrics. */
export type ScatterAxes = { mode: "pc" } | { mode: "metrics"; x: MetricName; y: MetricName; log: boolean };

export type NodePoint = {
  kind: "node";
  nodeId: string;
  groupId: number;
  groupName: string;
  outlier: boolean;
  /** Plotted position (a log axis can't place zero, so it is nudged to LOG_FLOOR). */
  x: number;
  y: number;
  /** The real values, for the tooltip. */
  xValue: number;
  yValue: number;
};

export type CentroidPoint = Omit<NodePoint, "kind" | "nodeId" | "outlier"> & { kind: "centroid"; size: number };
export type ScatterPoint = NodePoint | CentroidPoint;

export type GroupSeries = { group: GroupView; nodes: NodePoint[]; centroid: CentroidPoint | null };

/** 1 B/s: idle network counters report 0, which a log axis can't show. */
export const LOG_FLOOR = 1;

type Position = { x: number; y: number } | null;

function plotted(value: number, log: boolean): number {
  return log ? Math.max(value, LOG_FLOOR) : value;
}

function metricPosition(values: Partial<Record<MetricName, number | null>>, x: MetricName, y: MetricName): Position {
  const xValue = values[x];
  const yValue = values[y];
  if (typeof xValue !== "number" || typeof yValue !== "number") return null;
  return { x: xValue, y: yValue };
}

function nodePosition(node: GroupedNodeView, axes: ScatterAxes): Position {
  if (axes.mode === "pc") return { x: node.pc[0], y: node.pc[1] };
  return metricPosition(node.features, axes.x, axes.y);
}

function centroidPosition(group: GroupView, axes: ScatterAxes): Position {
  if (axes.mode === "pc") return { x: group.pc[0], y: group.pc[1] };
  return metricPosition(group.centroid, axes.x, axes.y);
}

/**
 * One series per group (in rank order) with its members' points and its centroid. Nodes missing
 * a value for an axis metric can't be placed and are counted in `unplaced` instead.
 */
export function buildGroupSeries(
  groups: readonly GroupView[],
  nodes: readonly GroupedNodeView[],
  axes: ScatterAxes,
  logAxes: { x: boolean; y: boolean },
): { series: GroupSeries[]; unplaced: number } {
  const byGroup = new Map<number, NodePoint[]>(groups.map((group) => [group.id, []]));
  const names = new Map(groups.map((group) => [group.id, group.name]));
  let unplaced = 0;
  for (const node of nodes) {
    const position = nodePosition(node, axes);
    const members = byGroup.get(node.groupId);
    if (!position || !members) {
      unplaced += 1;
      continue;
    }
    members.push({
      kind: "node",
      nodeId: node.nodeId,
      groupId: node.groupId,
      groupName: names.get(node.groupId) ?? `group ${node.groupId}`,
      outlier: node.outlier,
      x: plotted(position.x, logAxes.x),
      y: plotted(position.y, logAxes.y),
      xValue: position.x,
      yValue: position.y,
    });
  }
  const series = groups.map((group) => {
    const position = centroidPosition(group, axes);
    const centroid: CentroidPoint | null = position && {
      kind: "centroid",
      groupId: group.id,
      groupName: group.name,
      size: group.size,
      x: plotted(position.x, logAxes.x),
      y: plotted(position.y, logAxes.y),
      xValue: position.x,
      yValue: position.y,
    };
    return { group, nodes: byGroup.get(group.id) ?? [], centroid };
  });
  return { series, unplaced };
}
