"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { formatDuration } from "@/components/ui/format";
import { worstSeverity } from "@/components/incidents/incident-severity";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { ReplicaGroupCard } from "./ReplicaGroupCard";
import type { ReplicaGroup } from "./replica-types";
import { LAG_WINDOW_MS, useReplicaGroups } from "./use-replica-groups";

const NO_SAMPLES: readonly LagSample[] = [];

type ReplicaGroupsViewProps = {
  /** From `?group=`: scrolled to and outlined. */
  focusGroup: string | null;
  onlyProblems: boolean;
};

function hasTrouble(group: ReplicaGroup): boolean {
  return group.problems.length > 0 || group.incidents.length > 0;
}

function matches(group: ReplicaGroup, query: string): boolean {
  if (!query) return true;
  const needle = query.toLowerCase();
  return group.id.toLowerCase().includes(needle) || group.members.some((member) => member.nodeId.toLowerCase().includes(needle));
}

export function ReplicaGroupsView({ focusGroup, onlyProblems: initialOnlyProblems }: ReplicaGroupsViewProps) {
  const { groups, lagHistory } = useReplicaGroups();
  const now = useNow(1000);
  const [onlyProblems, setOnlyProblems] = useState(initialOnlyProblems);
  const [showSingles, setShowSingles] = useState(false);
  const [query, setQuery] = useState("");
  const items = groups.data?.items;

  const summary = useMemo(() => {
    const all = items ?? [];
    const declared = all.filter((group) => !group.implicit);
    const troubled = all.filter(hasTrouble);
    return {
      declared: declared.length,
      singles: all.length - declared.length,
      troubled: troubled.length,
      critical: troubled.filter((group) => worstSeverity([...group.problems, ...group.incidents]) === "critical").length,
    };
  }, [items]);

  const focusedIsSingle = items?.some((group) => group.id === focusGroup && group.implicit) ?? false;
  const visible = useMemo(
    () =>
      (items ?? []).filter(
        (group) => (showSingles || focusedIsSingle || !group.implicit || group.id === focusGroup) && (!onlyProblems || hasTrouble(group)) && matches(group, query.trim()),
      ),
    [items, showSingles, focusedIsSingle, focusGroup, onlyProblems, query],
  );

  // Scroll to the linked group once, when it first appears.
  const scrolledRef = useRef(false);
  useEffect(() => {
    if (scrolledRef.current || !focusGroup || !items) return;
    const element = document.getElementById(`group-${focusGroup}`);
    if (!element) return;
    scrolledRef.current = true;
    element.scrollIntoView({ block: "start" });
  }, [focusGroup, items]);

  const header = (
    <PageHeader
      title="Replica groups"
      subtitle={
        items ? (
          <span className="tabular" data-testid="replica-groups-summary">
            {summary.declared} {summary.declared === 1 ? "group" : "groups"}
            <span className="text-zinc-600"> · </span>
            <span className={summary.troubled ? (summary.critical ? "text-red-300" : "text-amber-300") : "text-green-400"}>
              {summary.troubled === 0 ? "no problems" : `${summary.troubled} with problems${summary.critical ? ` (${summary.critical} critical)` : ""}`}
            </span>
            {summary.singles > 0 && (
              <>
                <span className="text-zinc-600"> · </span>
                {summary.singles} single {summary.singles === 1 ? "node" : "nodes"} without a group
              </>
            )}
          </span>
        ) : (
          "Primaries, replicas and how far behind they are, group by group."
        )
      }
      actions={groups.error && items ? <span className="text-xs text-amber-300">Last refresh failed: {groups.error}</span> : null}
    />
  );

  if (!items) {
    return (
      <>
        {header}
        <div className="p-6">{groups.error ? <ErrorState message={groups.error} onRetry={groups.reload} className="h-64" /> : <LoadingState label="Loading replica groups…" className="h-64" />}</div>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="flex flex-col gap-4 p-6">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-zinc-300">
          <input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Filter by group or node" aria-label="Filter by group or node" className={`${INPUT_CLASS} w-64`} />
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={onlyProblems} onChange={(event) => setOnlyProblems(event.target.checked)} className="accent-sky-500" data-testid="only-problems" />
            Only groups with problems
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={showSingles} onChange={(event) => setShowSingles(event.target.checked)} className="accent-sky-500" />
            Show single nodes without a group ({summary.singles})
          </label>
          <span className="ml-auto text-xs text-zinc-500">
            Lag charts: the last {formatDuration(LAG_WINDOW_MS)}, sampled by this page every 2 s while it is open (not stored server-side yet).
          </span>
        </div>
        {visible.length === 0 ? (
          <EmptyState title={items.length === 0 ? "No replica groups" : onlyProblems ? "No group has a problem" : "Nothing matches"} className="h-48">
            {items.length === 0 ? "Nodes form replica groups by declaring a group in their agent config." : "Clear the filters to see every group."}
          </EmptyState>
        ) : (
          <div className="grid gap-4 2xl:grid-cols-2">
            {visible.map((group) => (
              <ReplicaGroupCard key={group.key} group={group} lagSamples={lagHistory.get(group.key) ?? NO_SAMPLES} lagWindowMs={LAG_WINDOW_MS} now={now} focused={group.id === focusGroup} />
            ))}
          </div>
        )}
      </div>
    </>
  );
}
