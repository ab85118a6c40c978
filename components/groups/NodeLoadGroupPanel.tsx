"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import type { GroupingEventView } from "@/lib/protocol/api/groups";
import type { MetricName } from "@/lib/protocol/views";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { formatClock, formatRelativeTime } from "@/components/ui/format";
import { METRIC_LABELS } from "./group-metrics";
import { latestGroupNames } from "./group-trends";
import { GroupSwatch } from "./GroupSwatch";
import { OutlierReasons } from "./OutliersList";
import { useNodeGroup } from "./use-node-group";

/** Outlier events store the metrics as "netIn, latencyMs"; show them as the rest of the page names them. */
function readableMetrics(detail: string): string {
  return detail
    .split(",")
    .map((name) => name.trim())
    .map((name) => (name in METRIC_LABELS ? METRIC_LABELS[name as MetricName] : name))
    .join(", ");
}

type GroupNamer = (groupId: number | null) => { id: number; name: string } | null;

function EventLine({ event, nameOf }: { event: GroupingEventView; nameOf: GroupNamer }) {
  const from = nameOf(event.fromGroup);
  const to = nameOf(event.toGroup);
  if (event.kind === "moved") {
    return (
      <span className="flex min-w-0 flex-wrap items-center gap-1.5">
        <span className="text-zinc-400">moved</span>
        {from ? <GroupSwatch groupId={from.id} name={from.name} /> : <span className="text-zinc-400">—</span>}
        <ArrowRight className="size-3 text-zinc-400" aria-hidden />
        {to ? <GroupSwatch groupId={to.id} name={to.name} /> : <span className="text-zinc-400">—</span>}
      </span>
    );
  }
  if (event.kind === "outlier") {
    return (
      <span className="flex min-w-0 flex-wrap items-center gap-1.5">
        <span className="rounded bg-red-500/20 px-1.5 text-xs font-medium text-red-300">outlier</span>
        {to && <GroupSwatch groupId={to.id} name={to.name} />}
        {event.detail && <span className="truncate text-xs text-zinc-400">on {readableMetrics(event.detail)}</span>}
      </span>
    );
  }
  if (event.kind === "normal") {
    return (
      <span className="flex min-w-0 flex-wrap items-center gap-1.5">
        <span className="text-zinc-400">back within</span>
        {to ? <GroupSwatch groupId={to.id} name={to.name} /> : <span className="text-zinc-400">its group</span>}
      </span>
    );
  }
  return <span className="text-zinc-400">{event.kind}</span>;
}

/** A node's load group: where it sits now, whether (and why) it is an outlier, and how that changed. */
export function NodeLoadGroupPanel({ nodeId, className = "" }: { nodeId: string; className?: string }) {
  const { placement, history } = useNodeGroup(nodeId);
  const now = useNow(5000);
  const names = useMemo(() => latestGroupNames(history.data), [history.data]);
  const nameOf: GroupNamer = (groupId) => (groupId === null ? null : { id: groupId, name: names.get(groupId) ?? `group ${groupId}` });

  const title = (
    <Link href="/groups" className="hover:text-zinc-100 hover:underline">
      Load group
    </Link>
  );

  if (!placement.data) {
    return (
      <Panel title={title} className={className}>
        {placement.error ? <ErrorState message={placement.error} onRetry={placement.reload} className="h-32" /> : <LoadingState className="h-32" />}
      </Panel>
    );
  }

  const { current, items } = placement.data;
  const currentGroup = current ? nameOf(current.groupId) : null;
  return (
    <Panel
      title={title}
      className={className}
      bodyClassName="grid min-h-0 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]"
      actions={current?.outlier ? <span className="font-medium text-red-300">load outlier</span> : null}
    >
      <div
        className="space-y-2 border-b border-zinc-800 px-4 py-3 md:border-r md:border-b-0"
        data-node-group={currentGroup?.name ?? ""}
        data-outlier={current?.outlier ? "true" : "false"}
      >
        {current && currentGroup ? (
          <>
            <div className="flex items-center gap-2 text-sm">
              <span className="text-zinc-400">In group</span>
              <GroupSwatch groupId={currentGroup.id} name={currentGroup.name} />
            </div>
            {current.outlier ? (
              <div className="space-y-1">
                <p className="text-xs text-red-300">A load outlier: far from its group&apos;s centroid, mainly on</p>
                <OutlierReasons metrics={current.outlierMetrics} />
              </div>
            ) : (
              <p className="text-xs text-zinc-400">Close to its group&apos;s centroid: it behaves like its peers.</p>
            )}
          </>
        ) : (
          <p className="text-sm text-zinc-400">Not in the latest grouping run (too few samples in the window, or not reporting).</p>
        )}
      </div>
      {items.length === 0 ? (
        <EmptyState title="No group changes recorded" className="h-24" />
      ) : (
        <ol className="max-h-44 divide-y divide-zinc-800/70 overflow-y-auto" aria-label="Group history">
          {items.map((event) => (
            <li key={event.id} className="flex items-start gap-3 px-4 py-2 text-sm">
              <time dateTime={new Date(event.at).toISOString()} title={formatRelativeTime(event.at, now)} className="w-16 shrink-0 pt-0.5 text-xs text-zinc-400 tabular">
                {formatClock(event.at)}
              </time>
              <EventLine event={event} nameOf={nameOf} />
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
