"use client";

import Link from "next/link";
import { memo } from "react";
import { useNow } from "@/components/live/use-now";
import { RingGroupSwatch } from "@/components/ring/RingGroupSwatch";
import { SeverityBadge } from "@/components/incidents/SeverityBadge";
import { severityStyle } from "@/components/incidents/incident-severity";
import { formatDuration, formatMilliseconds, formatRelativeTime } from "@/components/ui/format";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { ProblemList } from "./ProblemList";
import { ReplicaLagChart } from "./ReplicaLagChart";
import { ReplicaMembersTable } from "./ReplicaMembersTable";
import { SwitchoverButton } from "./SwitchoverButton";
import type { ReplicaGroup } from "./replica-types";
import { groupHeadline } from "./replica-window";

/** A collapsed row's height: the virtual list sizes unmeasured rows with it. */
export const GROUP_ROW_HEIGHT = 44;

type ReplicaGroupRowProps = {
  group: ReplicaGroup;
  expanded: boolean;
  onToggle: (key: string) => void;
  lagSamples: readonly LagSample[];
  lagWindowMs: number;
  focused: boolean;
};

/** Keeps its own clock: the "for 3 min" ticks without re-rendering the row's table and chart. */
function PrimarySince({ since }: { since: number }) {
  const now = useNow(1000);
  return (
    <span className="text-zinc-400" title={formatRelativeTime(since, now)}>
      for {formatDuration(now - since)}
    </span>
  );
}

/**
 * One replica group: a single line (worst problem, primary, health, lag) that opens on click to
 * the problems, the members table and the lag chart. Collapsed rows keep the page at a few
 * elements per group, so thousands of groups scroll like a table.
 */
function ReplicaGroupRowImpl({ group, expanded, onToggle, lagSamples, lagWindowMs, focused }: ReplicaGroupRowProps) {
  const headline = groupHeadline(group);
  const accent = headline ? severityStyle(headline.severity).border : "border-transparent";
  const replicaIds = group.members.filter((member) => !member.isRecognisedPrimary).map((member) => member.nodeId);
  const unhealthy = group.healthyCount < group.memberCount;
  return (
    <article
      id={`group-${group.id}`}
      aria-label={`Replica group ${group.id}`}
      data-replica-group={group.id}
      data-problems={group.problems.length}
      data-expanded={expanded}
      className={`border-b border-l-2 border-b-zinc-800 ${accent} ${expanded ? "bg-zinc-900/70" : "hover:bg-zinc-900/50"} ${focused ? "ring-2 ring-sky-500/60 ring-inset" : ""}`}
    >
      <div className="flex items-center gap-3 px-3 text-sm" style={{ height: GROUP_ROW_HEIGHT }}>
        <button
          type="button"
          onClick={() => onToggle(group.key)}
          aria-expanded={expanded}
          aria-label={`${expanded ? "Collapse" : "Expand"} ${group.id}`}
          className="flex w-56 shrink-0 items-center gap-2 text-left"
          data-testid="replica-group-toggle"
        >
          <span className={`inline-block w-3 text-zinc-400 transition-transform ${expanded ? "rotate-90" : ""}`} aria-hidden>
            ▸
          </span>
          <RingGroupSwatch groupId={group.id} className="min-w-0" />
          {group.implicit && <span className="shrink-0 rounded bg-zinc-800 px-1.5 text-[11px] text-zinc-300">single</span>}
        </button>
        <span className="flex min-w-0 flex-1 items-center gap-2">
          {headline ? (
            <>
              <SeverityBadge severity={headline.severity} />
              <span className="truncate text-zinc-200" title={headline.message}>
                {headline.message}
              </span>
              {headline.more > 0 && <span className="shrink-0 text-xs text-zinc-400">+{headline.more} more</span>}
            </>
          ) : (
            <span className="text-green-400">ok</span>
          )}
        </span>
        <span className="hidden w-60 shrink-0 items-center gap-1.5 truncate lg:flex">
          {group.primaryId ? (
            <>
              <Link prefetch={false} href={`/nodes/${encodeURIComponent(group.primaryId)}`} className="truncate font-mono text-sky-300 hover:underline" data-testid="replica-group-primary">
                {group.primaryId}
              </Link>
              {group.primarySince !== null && <PrimarySince since={group.primarySince} />}
            </>
          ) : (
            <span className="font-medium text-red-300">no recognised primary</span>
          )}
        </span>
        <span className={`w-20 shrink-0 text-right tabular ${unhealthy ? "text-amber-300" : "text-zinc-400"}`} title="Healthy members of all members">
          {group.healthyCount}/{group.memberCount} ok
        </span>
        <span className="hidden w-24 shrink-0 text-right text-zinc-400 tabular md:block" title="Highest replica lag">
          {group.maxLagMs === null ? "—" : `lag ${formatMilliseconds(group.maxLagMs)}`}
        </span>
        <span className="hidden w-16 shrink-0 text-right text-xs text-zinc-400 tabular xl:block" title="Raised each time the recognised primary changes">
          epoch {group.epoch}
        </span>
      </div>
      {expanded && (
        <div className="border-t border-zinc-800" data-testid="replica-group-details">
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-xs text-zinc-400">
            <Link prefetch={false} href={`/recovery?group=${encodeURIComponent(group.id)}`} className="text-sky-300 hover:underline" data-testid="replica-group-recovery">
              recovery actions
            </Link>
            {!group.implicit && <SwitchoverButton groupId={group.id} />}
            <span className="flex flex-wrap gap-1">
              zones
              {group.zones.map((zone) => (
                <span key={zone} className="rounded border border-zinc-700 px-1.5 text-[11px] text-zinc-300">
                  {zone}
                </span>
              ))}
            </span>
          </div>
          <ProblemList group={group} />
          <ReplicaMembersTable members={group.members} primaryId={group.primaryId} chartedReplicas={replicaIds} />
          {replicaIds.length > 0 && (
            <div className="border-t border-zinc-800 px-2 pt-2 pb-1">
              <ReplicaLagChart samples={lagSamples} replicaIds={replicaIds} windowMs={lagWindowMs} />
            </div>
          )}
        </div>
      )}
    </article>
  );
}

export const ReplicaGroupRow = memo(ReplicaGroupRowImpl);
