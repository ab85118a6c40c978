"use client";

import { useMemo, useState } from "react";
import { Symbols } from "recharts";
import type { GroupView, GroupedNodeView } from "@/lib/protocol/api/groups";
import type { MetricName } from "@/lib/protocol/views";
import { Panel } from "@/components/ui/Panel";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { SELECT_CLASS } from "@/components/ui/field-styles";
import { formatDecimal } from "@/components/ui/format";
import { OUTLIER_RING_COLOR, groupColor } from "@/components/groups/group-colors";
import { centroidSymbol } from "./centroid-symbols";
import { GroupScatterCanvas } from "./GroupScatterCanvas";
import { GroupScatterChart } from "./GroupScatterChart";
import type { ScatterAxis } from "./GroupScatterChart";
import { METRIC_LABELS, benefitsFromLogScale, formatMetricValue, isFractionMetric } from "./group-metrics";
import { buildGroupSeries } from "./scatter-points";
import type { ScatterAxes } from "./scatter-points";

type AxesMode = ScatterAxes["mode"];

const MODE_OPTIONS: readonly { value: AxesMode; label: string }[] = [
  { value: "metrics", label: "Metrics" },
  { value: "pc", label: "PC1 / PC2" },
];

const CHART_HEIGHT = 420;
/**
 * Up to this many nodes each point is an SVG element of its own (focusable by tests and
 * assistive tools alike); past it one canvas draws them all: ten thousand SVG groups took
 * seconds to lay out and kept the page busy on every refresh.
 */
export const SVG_POINT_LIMIT = 1_000;

type GroupScatterPanelProps = {
  groups: readonly GroupView[];
  nodes: readonly GroupedNodeView[];
  /** The metrics the run clustered on: only these have centroids to draw. */
  metrics: readonly MetricName[];
};

/** CPU against inbound traffic separates hot, idle and network-heavy nodes at a glance. */
function defaultMetric(metrics: readonly MetricName[], preferred: MetricName, fallbackIndex: number): MetricName {
  if (metrics.includes(preferred)) return preferred;
  return metrics[Math.min(fallbackIndex, metrics.length - 1)];
}

/** Log axes get half a decade of room past the data, so the points at the edge (often the outliers) aren't cut by the frame. */
const LOG_PADDING_FACTOR = 1.6;

function logDomain(values: readonly number[]): [number, number] | null {
  if (values.length === 0) return null;
  // A loop, not Math.min(...values): ten thousand arguments is near what an engine accepts.
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low / LOG_PADDING_FACTOR, high * LOG_PADDING_FACTOR];
}

function metricAxis(metric: MetricName, log: boolean, plotted: readonly number[]): ScatterAxis {
  const padded = log ? logDomain(plotted) : null;
  return {
    label: log ? `${METRIC_LABELS[metric]} (log)` : METRIC_LABELS[metric],
    format: (value) => formatMetricValue(metric, value),
    domain: isFractionMetric(metric) ? [0, 1] : (padded ?? [0, "auto"]),
    log,
  };
}

function componentAxis(label: string): ScatterAxis {
  return { label, format: (value) => formatDecimal(value, 1), domain: ["auto", "auto"], log: false };
}

function MetricSelect({ label, value, metrics, onChange }: { label: string; value: MetricName; metrics: readonly MetricName[]; onChange: (metric: MetricName) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-400">
      {label}
      <select
        aria-label={`${label} axis metric`}
        value={value}
        onChange={(event) => onChange(event.target.value as MetricName)}
        className={`${SELECT_CLASS} h-8 w-28 text-xs`}
      >
        {metrics.map((metric) => (
          <option key={metric} value={metric}>
            {METRIC_LABELS[metric]}
          </option>
        ))}
      </select>
    </label>
  );
}

function CentroidIcon({ groupId, color }: { groupId: number; color: string }) {
  return (
    <svg width="12" height="12" aria-hidden>
      <Symbols cx={6} cy={6} type={centroidSymbol(groupId)} size={11} sizeType="diameter" fill={color} />
    </svg>
  );
}

/** Each group with its point colour and its centroid's shape, then the key for the outlier ring. */
function ScatterLegend({ groups }: { groups: readonly GroupView[] }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 pt-3 text-xs text-zinc-300" aria-label="Legend">
      {groups.map((group) => {
        const color = groupColor(group.id);
        return (
          <li key={group.id} className="flex items-center gap-1.5" title={`${group.name}: ${group.size} nodes; its centroid is the larger shape`}>
            <span className="size-2.5 rounded-full" style={{ background: color }} aria-hidden />
            <span style={{ color }}>{group.name}</span>
            <span className="text-zinc-400 tabular">{group.size}</span>
            <CentroidIcon groupId={group.id} color={color} />
          </li>
        );
      })}
      <li className="ml-auto flex items-center gap-3 text-zinc-400">
        <span>larger shapes: centroids</span>
        <span className="flex items-center gap-1">
          <svg width="14" height="14" aria-hidden>
            <circle cx="7" cy="7" r="5.5" fill="none" stroke={OUTLIER_RING_COLOR} strokeWidth="2" />
            <circle cx="7" cy="7" r="2.5" fill="#a1a1aa" />
          </svg>
          outlier
        </span>
      </li>
    </ul>
  );
}

export function GroupScatterPanel({ groups, nodes, metrics }: GroupScatterPanelProps) {
  const [mode, setMode] = useState<AxesMode>("metrics");
  const [chosenX, setChosenX] = useState<MetricName>(() => defaultMetric(metrics, "cpu", 0));
  const [chosenY, setChosenY] = useState<MetricName>(() => defaultMetric(metrics, "netIn", 1));
  const [logNetwork, setLogNetwork] = useState(true);

  // Settings can drop a metric while the page is open; fall back rather than plot nothing.
  const xMetric = metrics.includes(chosenX) ? chosenX : defaultMetric(metrics, "cpu", 0);
  const yMetric = metrics.includes(chosenY) ? chosenY : defaultMetric(metrics, "netIn", 1);
  const offersLog = mode === "metrics" && (benefitsFromLogScale(xMetric) || benefitsFromLogScale(yMetric));
  const logX = mode === "metrics" && logNetwork && benefitsFromLogScale(xMetric);
  const logY = mode === "metrics" && logNetwork && benefitsFromLogScale(yMetric);

  const { series, unplaced } = useMemo(() => {
    const axes: ScatterAxes = mode === "pc" ? { mode } : { mode, x: xMetric, y: yMetric, log: logNetwork };
    return buildGroupSeries(groups, nodes, axes, { x: logX, y: logY });
  }, [groups, nodes, mode, xMetric, yMetric, logNetwork, logX, logY]);

  const plotted = useMemo(() => series.flatMap((entry) => [...entry.nodes, ...(entry.centroid ? [entry.centroid] : [])]), [series]);
  // Memoised: the canvas redraws whenever an axis object changes.
  const xAxis = useMemo(() => (mode === "pc" ? componentAxis("PC1") : metricAxis(xMetric, logX, logX ? plotted.map((point) => point.x) : [])), [mode, xMetric, logX, plotted]);
  const yAxis = useMemo(() => (mode === "pc" ? componentAxis("PC2") : metricAxis(yMetric, logY, logY ? plotted.map((point) => point.y) : [])), [mode, yMetric, logY, plotted]);

  return (
    <Panel
      title="Nodes by load"
      bodyClassName="p-0"
      actions={
        <>
          <SegmentedControl label="Scatter axes" options={MODE_OPTIONS} value={mode} onChange={setMode} />
          {mode === "metrics" && (
            <>
              <MetricSelect label="X" value={xMetric} metrics={metrics} onChange={setChosenX} />
              <MetricSelect label="Y" value={yMetric} metrics={metrics} onChange={setChosenY} />
            </>
          )}
          {offersLog && (
            <label className="flex items-center gap-1.5 text-xs text-zinc-400">
              <input type="checkbox" checked={logNetwork} onChange={(event) => setLogNetwork(event.target.checked)} className="accent-sky-500" />
              log network
            </label>
          )}
        </>
      }
    >
      <ScatterLegend groups={groups} />
      <div className="px-2 pt-2 pb-1" data-testid="group-scatter">
        {nodes.length > SVG_POINT_LIMIT ? (
          <GroupScatterCanvas series={series} xAxis={xAxis} yAxis={yAxis} height={CHART_HEIGHT} />
        ) : (
          <GroupScatterChart series={series} xAxis={xAxis} yAxis={yAxis} height={CHART_HEIGHT} />
        )}
      </div>
      <p className="px-4 pb-3 text-xs text-zinc-400">
        {mode === "pc"
          ? "PC1 and PC2 are the two directions in which the fleet's load differs most, over all clustered metrics at once."
          : "Each point is a node's mean over the grouping window."}
        {unplaced > 0 && ` ${unplaced} ${unplaced === 1 ? "node has" : "nodes have"} no value for these axes and ${unplaced === 1 ? "is" : "are"} not shown.`}
        {" "}Click a point to open the node.
      </p>
    </Panel>
  );
}
