"use client";

import { useEffect, useState } from "react";
import { buildQuery } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { appendLagSamples } from "@/components/replica-groups/lag-history";
import type { LagHistory } from "@/components/replica-groups/lag-history";
import type { ReplicaGroupsResponse } from "./replica-types";

/** No push carries replication status yet: poll the page in view while visible; lag samples come from these polls. */
const POLL_MS = 2_000;
/** How much lag history the cards chart. */
export const LAG_WINDOW_MS = 5 * 60_000;
/** Cards a page shows: each has a members table and a lag chart, and thousands of groups must not mean thousands of cards. */
export const GROUPS_PER_PAGE = 20;

export type ReplicaGroupFilter = { query: string; onlyProblems: boolean; showSingles: boolean; page: number };

/**
 * One page of replica groups (troubled first), polled every two seconds while the page is
 * visible and again when recovery reports a change, with each shown replica's lag accumulated
 * here from those polls. Only the page is fetched: a few kilobytes, not the whole fleet's groups.
 */
export function useReplicaGroups(filter: ReplicaGroupFilter) {
  const visible = usePageVisible();
  const path = `/api/v1/replica-groups${buildQuery({
    limit: GROUPS_PER_PAGE,
    offset: filter.page * GROUPS_PER_PAGE,
    q: filter.query.trim(),
    problems: filter.onlyProblems ? 1 : null,
    singles: filter.showSingles ? 1 : null,
  })}`;
  const groups = useApiResource<ReplicaGroupsResponse>(path, { refreshMs: visible ? POLL_MS : undefined, keepPreviousData: true });
  const [lagHistory, setLagHistory] = useState<LagHistory>(() => new Map());

  // A failover or a new problem shows up in the next recovery round: refetch then, not a poll later.
  const reload = groups.reload;
  useLiveEvent("recovery:changed", () => reload());

  const data = groups.data;
  useEffect(() => {
    if (!data) return;
    const now = Date.now();
    // Keyed by the group's key: a node without a group may share its id with a declared group's name.
    const byKey = data.items.map((group) => ({ id: group.key, members: group.members }));
    setLagHistory((history) => appendLagSamples(history, byKey, now, LAG_WINDOW_MS, { keepOthers: true }));
  }, [data]);

  return { groups, lagHistory };
}
