"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/layout/PageHeader";
import { useDebouncedValue } from "@/components/logs/use-debounced-value";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { INPUT_CLASS } from "@/components/ui/field-styles";
import { formatCount, formatDuration } from "@/components/ui/format";
import type { LagSample } from "@/components/replica-groups/lag-history";
import { GROUP_ROW_HEIGHT, ReplicaGroupRow } from "./ReplicaGroupRow";
import type { ReplicaGroupSummary } from "./replica-types";
import { rowAt } from "./replica-window";
import { GROUPS_PAGE_SIZE, LAG_WINDOW_MS, useReplicaGroupWindow } from "./use-replica-groups";

const NO_SAMPLES: readonly LagSample[] = [];
/** Typing in the filter asks the server once the operator pauses. */
const FILTER_DEBOUNCE_MS = 250;

type ReplicaGroupsViewProps = {
  /** From `?group=`: filtered to, opened and outlined. */
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
 * Every replica group in one scrolling list, troubled ones first: a line per group, opened on
 * click. Only the rows in view are in the DOM and only the pages holding them are fetched, again
 * whenever the server pushes a change, so thousands of groups cost what a screenful does.
 */
export function ReplicaGroupsView({ focusGroup, onlyProblems: initialOnlyProblems }: ReplicaGroupsViewProps) {
  const [onlyProblems, setOnlyProblems] = useState(initialOnlyProblems);
  // A group linked from elsewhere (it may be a single node) is looked up by name.
  const [showSingles, setShowSingles] = useState(focusGroup !== null);
  const [query, setQuery] = useState(focusGroup ?? "");
  const settledQuery = useDebouncedValue(query, FILTER_DEBOUNCE_MS);
  const [range, setRange] = useState({ first: 0, last: GROUPS_PAGE_SIZE - 1 });
  const { pages, total, summary, error, lagHistory, reload } = useReplicaGroupWindow({ query: settledQuery, onlyProblems, showSingles }, range);
  // Opened rows by group key; the linked group starts open.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(focusGroup ? [`group=${focusGroup}`, `node=${focusGroup}`] : []));
  const toggle = useCallback((key: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => GROUP_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rowAt(pages, index, GROUPS_PAGE_SIZE)?.key ?? `row-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    setRange((previous) => (previous.first === first && previous.last === last ? previous : { first, last }));
  }, [first, last]);

  const filterKey = `${settledQuery}|${onlyProblems}|${showSingles}`;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  const header = (
    <PageHeader
      title="Replica groups"
      subtitle={summary ? <SummaryLine summary={summary} /> : "Primaries, replicas and how far behind they are, group by group."}
      actions={error && total !== null ? <span className="text-xs text-amber-300">Last refresh failed: {error}</span> : null}
    />
  );

  const filtered = settledQuery.trim() !== "" || onlyProblems;
  let body;
  if (total === null) {
    body = error ? <ErrorState message={error} onRetry={reload} className="h-64" /> : <LoadingState label="Loading replica groups…" className="h-64" />;
  } else if (total === 0) {
    body = (
      <EmptyState title={filtered ? (onlyProblems ? "No group has a problem" : "Nothing matches") : "No replica groups"} className="h-48">
        {filtered ? "Clear the filters to see every group." : "Nodes form replica groups by declaring a group in their agent config."}
      </EmptyState>
    );
  } else {
    body = (
      <div className="relative" style={{ height: virtualizer.getTotalSize() }} data-testid="replica-group-rows">
        {items.map((item) => {
          const group = rowAt(pages, item.index, GROUPS_PAGE_SIZE);
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="absolute inset-x-0 top-0" style={{ transform: `translateY(${item.start}px)` }}>
              {group ? (
                <ReplicaGroupRow
                  group={group}
                  expanded={expanded.has(group.key)}
                  onToggle={toggle}
                  lagSamples={lagHistory.get(group.key) ?? NO_SAMPLES}
                  lagWindowMs={LAG_WINDOW_MS}
                  focused={group.id === focusGroup}
                />
              ) : (
                <div className="border-b border-zinc-800 px-3 text-sm leading-[44px] text-zinc-400" style={{ height: GROUP_ROW_HEIGHT }}>
                  …
                </div>
              )}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {header}
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 border-b border-zinc-800 px-6 py-3 text-sm text-zinc-300">
        <input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Filter by group or node" aria-label="Filter by group or node" className={`${INPUT_CLASS} w-64`} />
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={onlyProblems} onChange={(event) => setOnlyProblems(event.target.checked)} className="accent-sky-500" data-testid="only-problems" />
          Only groups with problems
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={showSingles} onChange={(event) => setShowSingles(event.target.checked)} className="accent-sky-500" />
          Show single nodes without a group ({formatCount(summary?.singles ?? 0)})
        </label>
        {total !== null && (
          <span className="text-zinc-400 tabular" data-testid="replica-groups-total">
            {formatCount(total)} listed
          </span>
        )}
        <span className="ml-auto text-xs text-zinc-400">
          Problems first, then by name; click a group for its members and lag. Updates are pushed; lag charts cover the last {formatDuration(LAG_WINDOW_MS)} this page has seen.
        </span>
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto" data-testid="replica-groups-scroll">
        {body}
      </div>
    </div>
  );
}
