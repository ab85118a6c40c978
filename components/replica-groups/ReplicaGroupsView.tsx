"use client";

import { useDeferredValue, useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { useDebouncedValue } from "@/components/logs/use-debounced-value";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { formatCount, formatDuration } from "@/components/ui/format";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { ReplicaGroupCard } from "./ReplicaGroupCard";
import type { ReplicaGroupSummary } from "./replica-types";
import { GROUPS_PER_PAGE, LAG_WINDOW_MS, useReplicaGroups } from "./use-replica-groups";

const NO_SAMPLES: readonly LagSample[] = [];
/** Typing in the filter asks the server once the operator pauses. */
const FILTER_DEBOUNCE_MS = 250;

type ReplicaGroupsViewProps = {
  /** From `?group=`: filtered to, outlined and scrolled to. */
  focusGroup: string | null;
  onlyProblems: boolean;
};

function SummaryLine({ summary }: { summary: ReplicaGroupSummary }) {
  return (
    <span className="tabular" data-testid="replica-groups-summary">
      {formatCount(summary.declared)} {summary.declared === 1 ? "group" : "groups"}
      <span className="text-zinc-400"> · </span>
      <span className={summary.troubled ? (summary.critical ? "text-red-300" : "text-amber-300") : "text-green-400"}>
        {summary.troubled === 0 ? "no problems" : `${formatCount(summary.troubled)} with problems${summary.critical ? ` (${formatCount(summary.critical)} critical)` : ""}`}
      </span>
      {summary.singles > 0 && (
        <>
          <span className="text-zinc-400"> · </span>
          {formatCount(summary.singles)} single {summary.singles === 1 ? "node" : "nodes"} without a group
        </>
      )}
    </span>
  );
}

/**
 * Replica groups a page at a time, troubled ones first: the counts cover every group, the cards
 * only the page. A fleet of thousands of groups is searched and paged, never drawn all at once.
 */
export function ReplicaGroupsView({ focusGroup, onlyProblems: initialOnlyProblems }: ReplicaGroupsViewProps) {
  const [onlyProblems, setOnlyProblems] = useState(initialOnlyProblems);
  // A group linked from elsewhere (it may be a single node) is looked up by name.
  const [showSingles, setShowSingles] = useState(focusGroup !== null);
  const [query, setQuery] = useState(focusGroup ?? "");
  const [page, setPage] = useState(0);
  const settledQuery = useDebouncedValue(query, FILTER_DEBOUNCE_MS);
  const { groups, lagHistory } = useReplicaGroups({ query: settledQuery, onlyProblems, showSingles, page });
  // Cards (each a table and a chart) render in a transition: typing and clicking never wait for them.
  const data = useDeferredValue(groups.data);
  const items = data?.items;
  const total = data?.total ?? items?.length ?? 0;
  const summary = data?.summary ?? null;
  const pages = Math.max(1, Math.ceil(total / GROUPS_PER_PAGE));

  // Filters that shrink the list must not leave the operator on a page past its end.
  const changeFilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(0);
  };
  useEffect(() => {
    if (page > 0 && page >= pages && data) setPage(pages - 1);
  }, [page, pages, data]);

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
      subtitle={summary ? <SummaryLine summary={summary} /> : "Primaries, replicas and how far behind they are, group by group."}
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

  const first = page * GROUPS_PER_PAGE;
  const filtered = settledQuery.trim() !== "" || onlyProblems;
  return (
    <>
      {header}
      <div className="flex flex-col gap-4 p-6">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-zinc-300">
          <input
            value={query}
            onChange={(event) => changeFilter(setQuery)(event.target.value)}
            placeholder="Filter by group or node"
            aria-label="Filter by group or node"
            className={`${INPUT_CLASS} w-64`}
          />
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={onlyProblems} onChange={(event) => changeFilter(setOnlyProblems)(event.target.checked)} className="accent-sky-500" data-testid="only-problems" />
            Only groups with problems
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={showSingles} onChange={(event) => changeFilter(setShowSingles)(event.target.checked)} className="accent-sky-500" />
            Show single nodes without a group ({formatCount(summary?.singles ?? 0)})
          </label>
          <span className="ml-auto text-xs text-zinc-400">
            Troubled groups first. Lag charts: the last {formatDuration(LAG_WINDOW_MS)}, sampled by this page every 2 s while it is open (not stored server-side yet).
          </span>
        </div>
        {items.length === 0 ? (
          <EmptyState title={filtered ? (onlyProblems ? "No group has a problem" : "Nothing matches") : "No replica groups"} className="h-48">
            {filtered ? "Clear the filters to see every group." : "Nodes form replica groups by declaring a group in their agent config."}
          </EmptyState>
        ) : (
          <>
            <Pager first={first} shown={items.length} total={total} page={page} pages={pages} onPage={setPage} />
            <div className="grid gap-4 2xl:grid-cols-2" data-testid="replica-group-cards">
              {items.map((group) => (
                <ReplicaGroupCard key={group.key} group={group} lagSamples={lagHistory.get(group.key) ?? NO_SAMPLES} lagWindowMs={LAG_WINDOW_MS} focused={group.id === focusGroup} />
              ))}
            </div>
            {pages > 1 && <Pager first={first} shown={items.length} total={total} page={page} pages={pages} onPage={setPage} />}
          </>
        )}
      </div>
    </>
  );
}

function Pager({ first, shown, total, page, pages, onPage }: { first: number; shown: number; total: number; page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav className="flex items-center gap-3 text-sm text-zinc-400" aria-label="Pages of replica groups">
      <span className="tabular">
        {formatCount(first + 1)}–{formatCount(first + shown)} of {formatCount(total)}
      </span>
      {pages > 1 && (
        <>
          <Button size="sm" variant="ghost" onClick={() => onPage(page - 1)} disabled={page === 0}>
            Previous
          </Button>
          <span className="tabular">
            page {page + 1} of {formatCount(pages)}
          </span>
          <Button size="sm" variant="ghost" onClick={() => onPage(page + 1)} disabled={page >= pages - 1}>
            Next
          </Button>
        </>
      )}
    </nav>
  );
}
