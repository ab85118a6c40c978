"use client";

import { useEffect, useRef, useState } from "react";
import type { FleetStats, NodeView } from "@/lib/protocol/views";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import { appendCpuHistory, mergeNodes, reconcileSnapshot } from "@/components/nodes/fleet-nodes";
import type { CpuHistory } from "@/components/nodes/fleet-nodes";

type NodesPage = { items: NodeView[]; nextCursor: string | null; total: number };

/** How many CPU values a sparkline shows: about a minute at one heartbeat a second. */
export const CPU_HISTORY_LENGTH = 60;
const FLEET_LIMIT = 10_000;

/** Every node, loaded once and then kept current from fleet deltas. */
export function useFleetNodes() {
  const snapshot = useApiResource<NodesPage>(`/api/v1/nodes?limit=${FLEET_LIMIT}`);
  const [nodes, setNodes] = useState<ReadonlyMap<string, NodeView>>(() => new Map());
  const [stats, setStats] = useState<FleetStats | null>(null);
  const cpuHistoryRef = useRef<CpuHistory>(new Map());
  // Bumped when the mutable history grows, so sparklines know to redraw.
  const [historyVersion, setHistoryVersion] = useState(0);

  useLiveSubscription({ fleet: true });

  useEffect(() => {
    if (!snapshot.data) return;
    const items = snapshot.data.items;
    setNodes((live) => reconcileSnapshot(items, live));
    appendCpuHistory(cpuHistoryRef.current, items, CPU_HISTORY_LENGTH);
    setHistoryVersion((version) => version + 1);
  }, [snapshot.data]);

  useLiveEvent("fleet:delta", (delta) => {
    setStats(delta.stats);
    if (delta.nodes.length === 0) return;
    setNodes((current) => mergeNodes(current, delta.nodes));
    if (appendCpuHistory(cpuHistoryRef.current, delta.nodes, CPU_HISTORY_LENGTH) > 0) setHistoryVersion((version) => version + 1);
  });

  return {
    nodes,
    stats,
    loaded: snapshot.data !== null,
    /** The server holds more nodes than one request returns. */
    truncated: snapshot.data ? snapshot.data.total > snapshot.data.items.length : false,
    error: snapshot.error,
    reload: snapshot.reload,
    cpuHistory: cpuHistoryRef.current,
    historyVersion,
  };
}
