"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { apiFetch, buildQuery, errorMessage } from "@/components/live/api-client";
import { useLiveEvent, useReconnectCount } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { appendLagSamples } from "@/components/replica-groups/lag-history";
import type { LagHistory } from "@/components/replica-groups/lag-history";
import type { ReplicaGroup, ReplicaGroupSummary, ReplicaGroupsResponse } from "./replica-types";
import { pagesCovering } from "./replica-window";

/** Changes are pushed ("replica-groups:changed", "recovery:changed"); this only covers a lost signal. */
const FALLBACK_POLL_MS = 30_000;
/** How much lag history an expanded row charts. */
export const LAG_WINDOW_MS = 5 * 60_000;
/** Rows fetched at a time; the list fetches the pages in view, never the whole fleet's groups. */
export const GROUPS_PAGE_SIZE = 30;

export type ReplicaGroupFilter = { query: string; onlyProblems: boolean; showSingles: boolean };

type WindowState = {
  /** The filter these pages answer: pages of another filter are never mixed in. */
  filterKey: string;
  pages: ReadonlyMap<number, readonly ReplicaGroup[]>;
  total: number | null;
  summary: ReplicaGroupSummary | null;
  error: string | null;
};

const filterQuery = (filter: ReplicaGroupFilter) => ({ q: filter.query.trim(), problems: filter.onlyProblems ? 1 : null, singles: filter.showSingles ? 1 : null });

/**
 * The replica groups list as a window onto the server's ordered list: `total` rows, of which
 * only the pages covering `rows` (the virtual list's range) are fetched, and fetched again when
 * the server pushes a change. Each fetched group's lag is sampled here for the expanded rows' charts.
 */
export function useReplicaGroupWindow(filter: ReplicaGroupFilter, rows: { first: number; last: number }) {
  const visible = usePageVisible();
  const reconnects = useReconnectCount();
  const filterKey = JSON.stringify(filterQuery(filter));
  const [state, setState] = useState<WindowState>({ filterKey, pages: new Map(), total: null, summary: null, error: null });
  const [lagHistory, setLagHistory] = useState<LagHistory>(() => new Map());
  // Bumped by every pushed change: the pages in view are fetched again once per bump.
  const [version, setVersion] = useState(0);
  // Bumped when an answer arrives older than the version asked since: that page is fetched again.
  const [retry, setRetry] = useState(0);
  const versionRef = useRef(version);
  const fetchedRef = useRef({ filterKey, versions: new Map<number, number>(), inFlight: new Set<number>() });

  const current = state.filterKey === filterKey ? state : null;
  const wanted = pagesCovering(rows.first, Math.max(rows.last, rows.first), GROUPS_PAGE_SIZE);
  // Page 0 is always wanted until the total is known: it sizes the list.
  if (!wanted.includes(0) && (current?.total ?? null) === null) wanted.unshift(0);
  const wantedKey = wanted.join(",");

  useEffect(() => {
    versionRef.current = version;
    if (fetchedRef.current.filterKey !== filterKey) fetchedRef.current = { filterKey, versions: new Map(), inFlight: new Set() };
    const tracker = fetchedRef.current;
    const query = JSON.parse(filterKey) as ReturnType<typeof filterQuery>;
    for (const page of wantedKey.split(",").map(Number)) {
      if ((tracker.versions.get(page) ?? -1) >= version || tracker.inFlight.has(page)) continue;
      tracker.inFlight.add(page);
      const askedVersion = version;
      apiFetch<ReplicaGroupsResponse>(`/api/v1/replica-groups${buildQuery({ limit: GROUPS_PAGE_SIZE, offset: page * GROUPS_PAGE_SIZE, ...query })}`)
        .then((answer) => {
          tracker.versions.set(page, askedVersion);
          setState((previous) => {
            // The first answer for a new filter replaces the old filter's pages.
            const base: WindowState = previous.filterKey === tracker.filterKey ? previous : { filterKey: tracker.filterKey, pages: new Map(), total: null, summary: previous.summary, error: null };
            const pages = new Map(base.pages);
            pages.set(page, answer.items);
            return { ...base, pages, total: answer.total ?? answer.items.length, summary: answer.summary ?? base.summary, error: null };
          });
          const now = Date.now();
          // Keyed by the group's key: a node without a group may share its id with a declared group's name.
          const byKey = answer.items.map((group) => ({ id: group.key, members: group.members }));
          setLagHistory((history) => appendLagSamples(history, byKey, now, LAG_WINDOW_MS, { keepOthers: true }));
        })
        .catch((cause: unknown) => setState((previous) => ({ ...previous, error: errorMessage(cause) })))
        .finally(() => {
          tracker.inFlight.delete(page);
          // A change was pushed while this was in flight: fetch once more for it.
          if (fetchedRef.current === tracker && versionRef.current > askedVersion) setRetry((count) => count + 1);
        });
    }
  }, [filterKey, wantedKey, version, retry]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  // Missed signals while disconnected: the reconnect itself is a change.
  useEffect(() => {
    if (reconnects > 1) refresh();
  }, [reconnects, refresh]);
  useLiveEvent("replica-groups:changed", refresh);
  useLiveEvent("recovery:changed", refresh);
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(refresh, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [visible, refresh]);

  return {
    pages: current?.pages ?? EMPTY_PAGES,
    total: current?.total ?? null,
    // Counts over every group do not depend on the filter: the last ones stay while a new filter loads.
    summary: state.summary,
    error: state.error,
    lagHistory,
    reload: refresh,
  };
}

const EMPTY_PAGES: ReadonlyMap<number, readonly ReplicaGroup[]> = new Map();
