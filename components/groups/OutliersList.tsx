"use client";

import Link from "next/link";
import { useState } from "react";
import type { GroupedNodeView } from "@/lib/protocol/api/groups";
import type { OutlierMetric } from "@/lib/grouping/grouping-result";
import { formatPercent } from "@/components/ui/format";
import { METRIC_LABELS, formatMetricValue } from "./group-metrics";
import { GroupSwatch } from "./GroupSwatch";

/** The metrics that explain most of the distance come first; the rest add little to "why". */
const REASONS_SHOWN = 3;

export function OutlierReasons({ metrics }: { metrics: readonly OutlierMetric[] }) {
  const reasons = [...metrics].sort((a, b) => b.share - a.share).slice(0, REASONS_SHOWN);
  if (reasons.length === 0) return <p className="text-xs text-zinc-400">Far from its group on no single metric.</p>;
  return (
    <ul className="space-y-0.5 text-xs">
      {reasons.map((reason) => (
        <li key={reason.metric} className="flex flex-wrap items-baseline gap-x-1.5 tabular">
          <span className="font-medium text-zinc-200">{METRIC_LABELS[reason.metric]}</span>
          <span className="text-red-300">{formatMetricValue(reason.metric, reason.value)}</span>
          <span className="text-zinc-400">vs group {formatMetricValue(reason.metric, reason.centroid)}</span>
          <span className="text-zinc-400" title="Share of the node's distance from its group this metric explains">
            · {formatPercent(reason.share)} of the gap
          </span>
        </li>
      ))}
    </ul>
  );
}

type OutliersListProps = {
  nodes: readonly GroupedNodeView[];
  groupNames: ReadonlyMap<number, string>;
};

/** Listed until asked for more: the furthest are what an operator looks at first, and hundreds would be a long page. */
const FIRST_SHOWN = 50;

/** Nodes far from every group centroid, furthest first, each with what makes it one. */
export function OutliersList({ nodes, groupNames }: OutliersListProps) {
  const [showAll, setShowAll] = useState(false);
  const sorted = [...nodes].sort((a, b) => b.distance - a.distance || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  const shown = showAll ? sorted : sorted.slice(0, FIRST_SHOWN);
  return (
    <ol className="divide-y divide-zinc-800/70">
      {shown.map((node) => (
        <li key={node.nodeId} className="space-y-1 px-4 py-2.5" data-outlier-node={node.nodeId}>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <Link prefetch={false} href={`/nodes/${encodeURIComponent(node.nodeId)}`} className="font-mono text-[13px] text-sky-300 hover:underline">
              {node.nodeId}
            </Link>
            <span className="text-xs text-zinc-400">in</span>
            <GroupSwatch groupId={node.groupId} name={groupNames.get(node.groupId) ?? `group ${node.groupId}`} className="text-xs" />
          </div>
          <OutlierReasons metrics={node.outlierMetrics} />
        </li>
      ))}
      {sorted.length > shown.length && (
        <li className="px-4 py-2.5">
          <button type="button" onClick={() => setShowAll(true)} className="text-xs text-sky-300 hover:underline">
            Show all {sorted.length} outliers ({sorted.length - shown.length} nearer their groups not listed)
          </button>
        </li>
      )}
    </ol>
  );
}
