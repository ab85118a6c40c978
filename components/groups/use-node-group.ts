"use client";

import type { GroupedNodeView, GroupingEventView, GroupingHistory } from "@/lib/protocol/api/groups";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";

export type NodeGroupHistory = { current: GroupedNodeView | null; items: GroupingEventView[] };

/** Recent runs are enough to name the groups a node's recent events mention. */
const NAME_RUNS = 30;
const EVENT_LIMIT = 50;

/** One node's place in the latest grouping run and its group events, refetched after every run. */
export function useNodeGroup(nodeId: string) {
  const placement = useApiResource<NodeGroupHistory>(`/api/v1/nodes/${encodeURIComponent(nodeId)}/groups?limit=${EVENT_LIMIT}`);
  const history = useApiResource<GroupingHistory>(`/api/v1/groups/history?limit=${NAME_RUNS}`);
  const reloadPlacement = placement.reload;
  const reloadHistory = history.reload;

  useLiveEvent("groups:run", () => {
    reloadPlacement();
    reloadHistory();
  });

  return { placement, history };
}
