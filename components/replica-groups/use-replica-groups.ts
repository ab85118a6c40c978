"use client";

import { useEffect, useState } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { appendLagSamples } from "@/components/replica-groups/lag-history";
import type { LagHistory } from "@/components/replica-groups/lag-history";
import type { ReplicaGroupsResponse } from "./replica-types";

/** No push carries replication status yet: poll while visible; lag samples come from these polls. */
const POLL_MS = 2_000;
/** How much lag history the cards chart. */
export const LAG_WINDOW_MS = 5 * 60_000;

/**
 * Replica groups, refetched every two seconds while the page is visible and at once when a node
 * changes state, with each replica's lag accumulated here from those refetches.
 */
export function useReplicaGroups() {
  const visible = usePageVisible();
  const groups = useApiResource<ReplicaGroupsResponse>("/api/v1/replica-groups", { refreshMs: visible ? POLL_MS : undefined });
  const [lagHistory, setLagHistory] = useState<LagHistory>(() => new Map());

  useLiveSubscription({ fleet: true });
  const reload = groups.reload;
  useLiveEvent("node:events", () => reload());

  const data = groups.data;
  useEffect(() => {
    if (!data) return;
    // Keyed by the group's key: a node without a group may share its id with a declared group's name.
    const byKey = data.items.map((group) => ({ id: group.key, members: group.members }));
    setLagHistory((history) => appendLagSamples(history, byKey, Date.now(), LAG_WINDOW_MS));
  }, [data]);

  return { groups, lagHistory };
}
