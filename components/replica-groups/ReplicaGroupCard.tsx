"use client";

import Link from "next/link";
import { memo } from "react";
import { useNow } from "@/components/live/use-now";
import { RingGroupSwatch } from "@/components/ring/RingGroupSwatch";
import { formatDuration, formatRelativeTime } from "@/components/ui/format";
import { severityStyle, worstSeverity } from "@/components/incidents/incident-severity";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { ProblemList } from "./ProblemList";
import { ReplicaLagChart } from "./ReplicaLagChart";
import { ReplicaMembersTable } from "./ReplicaMembersTable";
import type { ReplicaGroup } from "./replica-types";

type ReplicaGroupCardProps = {
  group: ReplicaGroup;
  lagSamples: readonly LagSample[];
  lagWindowMs: number;
  focused: boolean;
};

/** Keeps its own clock: the "for 3 min" ticks without re-rendering the card's table and chart. */
function PrimaryLine({ group }: { group: ReplicaGroup }) {
  const now = useNow(1000);
  if (!group.primaryId) return <span className="font-medium text-red-300">no recognised primary</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5">
      <span className="text-zinc-400">primary</span>
      <Link prefetch={false} href={`/nodes/${encodeURIComponent(group.primaryId)}`} className="font-mono text-sky-300 hover:underline" data-testid="replica-group-primary">
        {group.primaryId}
      </Link>
      {group.primarySince !== null && (
        <span className="text-zinc-400" title={formatRelativeTime(group.primarySince, now)}>
          for {formatDuration(now - group.primarySince)}
        </span>
      )}
    </span>
  );
}

function ReplicaGroupCardImpl({ group, lagSamples, lagWindowMs, focused }: ReplicaGroupCardProps) {
  const worst = worstSeverity([...group.problems, ...group.incidents]);
  const border = worst ? severityStyle(worst).border : "border-zinc-800";
  const replicaIds = group.members.filter((member) => !member.isRecognisedPrimary).map((member) => member.nodeId);
  return (
    <article
      id={`group-${group.id}`}
      aria-label={`Replica group ${group.id}`}
      data-replica-group={group.id}
      data-problems={group.problems.length}
      className={`flex min-w-0 scroll-mt-4 flex-col rounded-lg border bg-zinc-900/60 ${border} ${focused ? "ring-2 ring-sky-500/60" : ""}`}
    >
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-zinc-800 px-4 py-2.5 text-sm">
        <h2 className="text-base font-semibold">
          <RingGroupSwatch groupId={group.id} />
        </h2>
        {group.implicit && <span className="rounded bg-zinc-800 px-1.5 text-[11px] text-zinc-400">single node</span>}
        <span className="text-xs text-zinc-400 tabular" title="Raised each time the recognised primary changes">
          group epoch <span className="font-semibold text-zinc-200">{group.epoch}</span>
        </span>
        <PrimaryLine group={group} />
        <span className={`text-xs tabular ${group.healthyCount < group.memberCount ? "text-amber-300" : "text-zinc-400"}`}>
          {group.healthyCount}/{group.memberCount} healthy
        </span>
        <Link
          prefetch={false}
          href={`/recovery?group=${encodeURIComponent(group.id)}`}
          className="text-xs text-sky-300 hover:underline"
          data-testid="replica-group-recovery"
        >
          recovery actions
        </Link>
        <span className="ml-auto flex flex-wrap gap-1">
          {group.zones.map((zone) => (
            <span key={zone} className="rounded border border-zinc-700 px-1.5 text-[11px] text-zinc-400">
              {zone}
            </span>
          ))}
        </span>
      </header>
      <ProblemList group={group} />
      <ReplicaMembersTable members={group.members} primaryId={group.primaryId} chartedReplicas={replicaIds} />
      {replicaIds.length > 0 && (
        <div className="border-t border-zinc-800 px-2 pt-2 pb-1">
          <ReplicaLagChart samples={lagSamples} replicaIds={replicaIds} windowMs={lagWindowMs} />
        </div>
      )}
    </article>
  );
}

export const ReplicaGroupCard = memo(ReplicaGroupCardImpl);
