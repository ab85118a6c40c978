"use client";

import type { GroupingHistory, GroupsResponse } from "@/lib/protocol/api/groups";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";

/** Runs kept for the size trends; one a run interval, so about ten minutes at the default 10 s. */
export const TREND_RUNS = 60;

/**
 * The latest grouping run and the recent runs' group sizes. Every browser is told about each
 * new run (no subscription needed), and both are refetched then, so the page never goes stale.
 */
export function useGroups() {
  const groups = useApiResource<GroupsResponse>("/api/v1/groups");
  const history = useApiResource<GroupingHistory>(`/api/v1/groups/history?limit=${TREND_RUNS}`);
  const reloadGroups = groups.reload;
  const reloadHistory = history.reload;

  useLiveEvent("groups:run", () => {
    reloadGroups();
    reloadHistory();
  });

  return { groups, history };
}
