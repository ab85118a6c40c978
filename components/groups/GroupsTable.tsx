"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import type { GroupView } from "@/lib/protocol/grouping-views";
import type { MetricName } from "@/lib/protocol/views";
import { Sparkline } from "@/components/charts/Sparkline";
import { formatPercent } from "@/components/ui/format";
import { groupColor } from "@/components/groups/group-colors";
import { METRIC_LABELS, formatMetricValue } from "./group-metrics";
import { GroupSwatch } from "./GroupSwatch";

type GroupsTableProps = {
  groups: readonly GroupView[];
  metrics: readonly MetricName[];
  fleetSize: number;
  outliers: ReadonlySet<string>;
  /** Sizes over the recent runs, oldest first, by group id. */
  trends: ReadonlyMap<number, readonly number[]>;
  trendCapacity: number;
};

/**
 * The same thresholds the server names groups by (lib/grouping/naming: HIGH_LEVEL, IDLE_LEVEL),
 * so the centroid values that earned a group its name are the ones that stand out.
 */
const HIGH_SCALED = 0.75;
const LOW_SCALED = -0.5;

function centroidTone(scaled: number | undefined): string {
  if (scaled === undefined) return "text-zinc-400";
  if (scaled >= HIGH_SCALED) return "font-semibold text-zinc-50";
  if (scaled <= LOW_SCALED) return "text-zinc-500";
  return "text-zinc-300";
}

function describeScaled(scaled: number | undefined): string | undefined {
  if (scaled === undefined) return undefined;
  const direction = scaled >= 0 ? "above" : "below";
  return `${Math.abs(scaled).toFixed(1)} × the fleet's interquartile range ${direction} its median`;
}

function SizeTrend({ sizes, capacity, color }: { sizes: readonly number[] | undefined; capacity: number; color: string }) {
  if (!sizes || sizes.length < 2) return <span className="text-xs text-zinc-600">collecting…</span>;
  const low = Math.min(...sizes);
  const high = Math.max(...sizes);
  return (
    <span title={`${low === high ? `${high} nodes` : `${low}–${high} nodes`} over the last ${sizes.length} runs`} className="inline-block">
      <Sparkline values={sizes} capacity={capacity} max={Math.max(1, high)} color={color} width={96} height={22} />
    </span>
  );
}

function MemberList({ group, outliers }: { group: GroupView; outliers: ReadonlySet<string> }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs">
      {group.members.map((nodeId) => (
        <li key={nodeId}>
          <Link prefetch={false} href={`/nodes/${encodeURIComponent(nodeId)}`} className={outliers.has(nodeId) ? "text-red-300 hover:underline" : "text-sky-300 hover:underline"}>
            {nodeId}
          </Link>
          {outliers.has(nodeId) && <span className="ml-1 text-[10px] text-red-400">(outlier)</span>}
        </li>
      ))}
    </ul>
  );
}

export function GroupsTable({ groups, metrics, fleetSize, outliers, trends, trendCapacity }: GroupsTableProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (groupId: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
  const columnCount = 4 + metrics.length;

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className="px-4 py-2 font-medium">Group</th>
            <th className="px-3 py-2 text-right font-medium">Nodes</th>
            <th className="px-3 py-2 text-right font-medium">Share</th>
            {metrics.map((metric) => (
              <th key={metric} className="px-3 py-2 text-right font-medium whitespace-nowrap">
                {METRIC_LABELS[metric]}
              </th>
            ))}
            <th className="px-4 py-2 font-medium whitespace-nowrap">Size trend</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/70">
          {groups.map((group) => {
            const open = expanded.has(group.id);
            const Chevron = open ? ChevronDown : ChevronRight;
            return (
              <Fragment key={group.id}>
                <tr data-group-name={group.name} data-group-rank={group.rank} data-group-id={group.id} className="hover:bg-zinc-800/30">
                  <td className="px-4 py-2">
                    <button
                      type="button"
                      onClick={() => toggle(group.id)}
                      aria-expanded={open}
                      aria-label={`${open ? "Hide" : "Show"} the nodes of ${group.name}`}
                      className="flex items-center gap-1 rounded text-left hover:bg-zinc-800"
                    >
                      <Chevron className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
                      <GroupSwatch groupId={group.id} name={group.name} />
                    </button>
                  </td>
                  <td className="px-3 py-2 text-right text-zinc-100 tabular">{group.size}</td>
                  <td className="px-3 py-2 text-right text-zinc-400 tabular">{formatPercent(fleetSize ? group.size / fleetSize : null)}</td>
                  {metrics.map((metric) => (
                    <td
                      key={metric}
                      data-metric={metric}
                      data-value={group.centroid[metric]}
                      className={`px-3 py-2 text-right whitespace-nowrap tabular ${centroidTone(group.centroidScaled[metric])}`}
                      title={describeScaled(group.centroidScaled[metric])}
                    >
                      {formatMetricValue(metric, group.centroid[metric])}
                    </td>
                  ))}
                  <td className="px-4 py-2">
                    <SizeTrend sizes={trends.get(group.id)} capacity={trendCapacity} color={groupColor(group.id)} />
                  </td>
                </tr>
                {open && (
                  <tr className="bg-zinc-950/40">
                    <td colSpan={columnCount} className="px-10 py-2.5">
                      <MemberList group={group} outliers={outliers} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
