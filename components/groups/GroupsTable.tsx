"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import type { GroupView } from "@/lib/protocol/api/groups";
import type { MetricName } from "@/lib/protocol/views";
import { Sparkline } from "@/components/charts/Sparkline";
import { DataTable, type Column } from "@/components/ui/DataTable";
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
  if (scaled <= LOW_SCALED) return "text-zinc-400";
  return "text-zinc-300";
}

function describeScaled(scaled: number | undefined): string | undefined {
  if (scaled === undefined) return undefined;
  const direction = scaled >= 0 ? "above" : "below";
  return `${Math.abs(scaled).toFixed(1)} × the fleet's interquartile range ${direction} its median`;
}

function SizeTrend({ sizes, capacity, color }: { sizes: readonly number[] | undefined; capacity: number; color: string }) {
  if (!sizes || sizes.length < 2) return <span className="text-xs text-zinc-400">collecting…</span>;
  const low = Math.min(...sizes);
  const high = Math.max(...sizes);
  return (
    <span title={`${low === high ? `${high} nodes` : `${low}–${high} nodes`} over the last ${sizes.length} runs`} className="inline-block">
      <Sparkline values={sizes} capacity={capacity} max={Math.max(1, high)} color={color} width={96} height={22} />
    </span>
  );
}

/** Members listed when a group is expanded; a group of thousands shows the first ones and how many more. */
const MEMBERS_SHOWN = 300;

function MemberList({ group, outliers }: { group: GroupView; outliers: ReadonlySet<string> }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? group.members : group.members.slice(0, MEMBERS_SHOWN);
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 font-mono text-xs">
      {shown.map((nodeId) => (
        <li key={nodeId}>
          <Link prefetch={false} href={`/nodes/${encodeURIComponent(nodeId)}`} className={outliers.has(nodeId) ? "text-red-300 hover:underline" : "text-sky-300 hover:underline"}>
            {nodeId}
          </Link>
          {outliers.has(nodeId) && <span className="ml-1 text-[10px] text-red-400">(outlier)</span>}
        </li>
      ))}
      {group.members.length > shown.length && (
        <li>
          <button type="button" onClick={() => setShowAll(true)} className="font-sans text-sky-300 hover:underline">
            and {group.members.length - shown.length} more: show all
          </button>
        </li>
      )}
    </ul>
  );
}

function groupColumns({ metrics, fleetSize, trends, trendCapacity }: Omit<GroupsTableProps, "groups" | "outliers">, expanded: ReadonlySet<number>, toggle: (groupId: number) => void): Column<GroupView>[] {
  return [
    {
      key: "group",
      header: "Group",
      cell: (group) => {
        const open = expanded.has(group.id);
        const Chevron = open ? ChevronDown : ChevronRight;
        return (
          <button
            type="button"
            onClick={() => toggle(group.id)}
            aria-expanded={open}
            aria-label={`${open ? "Hide" : "Show"} the nodes of ${group.name}`}
            className="flex items-center gap-1 rounded text-left hover:bg-zinc-800"
          >
            <Chevron className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
            <GroupSwatch groupId={group.id} name={group.name} />
          </button>
        );
      },
    },
    { key: "nodes", header: "Nodes", align: "right", className: "text-zinc-100 tabular", cell: (group) => group.size },
    { key: "share", header: "Share", align: "right", className: "text-zinc-400 tabular", cell: (group) => formatPercent(fleetSize ? group.size / fleetSize : null) },
    ...metrics.map(
      (metric): Column<GroupView> => ({
        key: `metric-${metric}`,
        header: METRIC_LABELS[metric],
        align: "right",
        headerClassName: "whitespace-nowrap",
        className: "whitespace-nowrap tabular",
        cellProps: (group) => ({
          "data-metric": metric,
          "data-value": group.centroid[metric],
          className: centroidTone(group.centroidScaled[metric]),
          title: describeScaled(group.centroidScaled[metric]),
        }),
        cell: (group) => formatMetricValue(metric, group.centroid[metric]),
      }),
    ),
    {
      key: "trend",
      header: "Size trend",
      headerClassName: "whitespace-nowrap",
      cell: (group) => <SizeTrend sizes={trends.get(group.id)} capacity={trendCapacity} color={groupColor(group.id)} />,
    },
  ];
}

export function GroupsTable({ groups, outliers, ...rest }: GroupsTableProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (groupId: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });

  return (
    <DataTable
      scrollX
      density="normal"
      columns={groupColumns(rest, expanded, toggle)}
      rows={groups}
      rowKey={(group) => group.id}
      rowProps={(group) => ({ "data-group-name": group.name, "data-group-rank": group.rank, "data-group-id": group.id, className: "hover:bg-zinc-800/30" })}
      expandedRow={(group) => (expanded.has(group.id) ? <MemberList group={group} outliers={outliers} /> : null)}
    />
  );
}
