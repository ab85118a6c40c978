import { TOOLTIP_CONTENT_STYLE } from "@/components/charts/chart-theme";
import { GroupSwatch } from "./GroupSwatch";
import type { ScatterPoint } from "./scatter-points";

export type AxisDescription = { label: string; format: (value: number) => string };

/** Only what this tooltip reads from Recharts' content props; each entry's payload is the hovered datum. */
type ScatterTooltipProps = {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  xAxis: AxisDescription;
  yAxis: AxisDescription;
};

function isScatterPoint(value: unknown): value is ScatterPoint {
  return typeof value === "object" && value !== null && "kind" in value && "groupId" in value;
}

export function ScatterTooltip({ active, payload, xAxis, yAxis }: ScatterTooltipProps) {
  const point: unknown = payload?.[0]?.payload;
  if (!active || !isScatterPoint(point)) return null;
  return (
    <div style={TOOLTIP_CONTENT_STYLE} className="space-y-1">
      {point.kind === "node" ? (
        <div className="flex items-center gap-2">
          <span className="font-mono text-zinc-50">{point.nodeId}</span>
          {point.outlier && <span className="rounded bg-red-500/20 px-1.5 text-[11px] font-medium text-red-300">outlier</span>}
        </div>
      ) : (
        <div className="text-zinc-400">
          centroid · {point.size} {point.size === 1 ? "node" : "nodes"}
        </div>
      )}
      <GroupSwatch groupId={point.groupId} name={point.groupName} />
      <dl className="grid grid-cols-[auto_auto] gap-x-3 tabular">
        <dt className="text-zinc-400">{xAxis.label}</dt>
        <dd className="text-right text-zinc-100">{xAxis.format(point.xValue)}</dd>
        <dt className="text-zinc-400">{yAxis.label}</dt>
        <dd className="text-right text-zinc-100">{yAxis.format(point.yValue)}</dd>
      </dl>
      {point.kind === "node" && <div className="text-[11px] text-zinc-400">Click to open the node</div>}
    </div>
  );
}
