"use client";

import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import type { NodeView } from "@/lib/protocol/views";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import { appendCpuHistory, mergeInto, reconcileInto } from "@/components/nodes/fleet-nodes";
import type { CpuHistory } from "@/components/nodes/fleet-nodes";

type NodesPage = { items: NodeView[]; nextCursor: string | null; total: number };

/** How many CPU values a sparkline shows: about a minute at one heartbeat a second. */
export const CPU_HISTORY_LENGTH = 60;
const FLEET_LIMIT = 10_000;
/**
 * Deltas arrive every half second, each with up to thousands of nodes. They are applied to a
 * map at once, and the table re-derives its rows (filter, sort, visible rows) at most this often:
 * fresh enough to watch, cheap enough that typing and scrolling never wait behind it.
 */
const PUBLISH_EVERY_MS = 1_000;

/** Every node, loaded once and then kept current from fleet deltas. */
export function useFleetNodes() {
  const snapshot = useApiResource<NodesPage>(`/api/v1/nodes?limit=${FLEET_LIMIT}`);
  const knownRef = useRef(new Map<string, NodeView>());
  const cpuHistoryRef = useRef<CpuHistory>(new Map());
  /** What the table renders: a copy of the map's values, replaced on each publish. */
  const [nodes, setNodes] = useState<readonly NodeView[]>([]);
  // Bumped with each publish when the mutable history grew, so sparklines know to redraw.
  const [historyVersion, setHistoryVersion] = useState(0);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastPublishRef = useRef(0);
  const historyGrewRef = useRef(false);

  useLiveSubscription({ fleet: true });

  const publish = useCallback(() => {
    if (timerRef.current) clearTimeout(timerRef.current);
    timerRef.current = null;
    lastPublishRef.current = Date.now();
    const list = [...knownRef.current.values()];
    const grew = historyGrewRef.current;
    historyGrewRef.current = false;
    // A transition: React may interrupt this render for a key press or a scroll.
    startTransition(() => {
      setNodes(list);
      if (grew) setHistoryVersion((version) => version + 1);
    });
  }, []);

  const schedulePublish = useCallback(() => {
    if (timerRef.current) return;
    const wait = Math.max(0, lastPublishRef.current + PUBLISH_EVERY_MS - Date.now());
    timerRef.current = setTimeout(publish, wait);
  }, [publish]);

  useEffect(() => () => {
    if (timerRef.current) clearTimeout(timerRef.current);
  }, []);

  useEffect(() => {
    if (!snapshot.data) return;
    const items = snapshot.data.items;
    reconcileInto(knownRef.current, items);
    if (appendCpuHistory(cpuHistoryRef.current, items, CPU_HISTORY_LENGTH) > 0) historyGrewRef.current = true;
    // The first answer is what the operator is waiting for: show it now.
    publish();
  }, [snapshot.data, publish]);

  useLiveEvent("fleet:delta", (delta) => {
    for (const nodeId of delta.removed ?? []) knownRef.current.delete(nodeId);
    if (delta.nodes.length === 0 && !delta.removed?.length) return;
    mergeInto(knownRef.current, delta.nodes);
    if (appendCpuHistory(cpuHistoryRef.current, delta.nodes, CPU_HISTORY_LENGTH) > 0) historyGrewRef.current = true;
    schedulePublish();
  });

  return {
    nodes,
    // Loaded once the first answer is on its way to the table (not between the two renders).
    loaded: snapshot.data !== null && (nodes.length > 0 || snapshot.data.items.length === 0),
    /** The server holds more nodes than one request returns. */
    truncated: snapshot.data ? snapshot.data.total > snapshot.data.items.length : false,
    error: snapshot.error,
    reload: snapshot.reload,
    cpuHistory: cpuHistoryRef.current,
    historyVersion,
  };
}
