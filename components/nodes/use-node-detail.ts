"use client";

import type { NodeEventView, NodeView } from "@/lib/protocol/views";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";

export type NodeDetail = { node: NodeView; events: NodeEventView[] };

const EVENT_LIMIT = 200;

function mergeNodeEvents(incoming: readonly NodeEventView[], known: readonly NodeEventView[]): NodeEventView[] {
  const byId = new Map<number, NodeEventView>();
  for (const event of [...known, ...incoming]) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, EVENT_LIMIT);
}

/** One node and its recent state changes, kept current from fleet deltas and state events. */
export function useNodeDetail(nodeId: string) {
  const detail = useApiResource<NodeDetail>(`/api/v1/nodes/${encodeURIComponent(nodeId)}`);
  const { setData } = detail;

  // Watching one node: its own state, events and raw samples, not the whole fleet's deltas.
  useLiveSubscription({ node: nodeId });

  useLiveEvent("node:state", (updated) => {
    if (updated.id !== nodeId) return;
    setData((previous) => (previous ? { ...previous, node: updated } : previous));
  });

  useLiveEvent("node:events", ({ events }) => {
    const mine = events.filter((event) => event.nodeId === nodeId);
    if (mine.length === 0) return;
    setData((previous) => (previous ? { ...previous, events: mergeNodeEvents(mine, previous.events) } : previous));
  });

  return detail;
}
