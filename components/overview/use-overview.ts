"use client";

import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import type { FleetOverview, FleetStats, NodeEventView } from "@/lib/protocol/views";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import { appendRateSample } from "@/components/charts/metric-series";
import type { RateSample } from "@/components/charts/metric-series";

export type { ZoneCounts } from "@/lib/protocol/views";
/** The answer of GET /api/v1/overview. */
export type OverviewResponse = FleetOverview;

export const HEARTBEAT_WINDOW_MS = 5 * 60_000;
const RECENT_EVENT_LIMIT = 50;
/** The load chart has one point a minute; reloading more often would show nothing new. */
const LOAD_REFRESH_MS = 60_000;
/** A burst of state changes (a zone failing) should cost one zone reload, not hundreds. */
const ZONE_RELOAD_DELAY_MS = 3_000;
/** Live stats (and the heartbeat chart) redraw at most this often, whatever the delta rate. */
const STATS_REDRAW_MS = 1_000;

function mergeEvents(incoming: readonly NodeEventView[], known: readonly NodeEventView[]): NodeEventView[] {
  const seen = new Set<number>();
  const merged: NodeEventView[] = [];
  for (const event of [...incoming, ...known].sort((a, b) => b.at - a.at || b.id - a.id)) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    merged.push(event);
    if (merged.length >= RECENT_EVENT_LIMIT) break;
  }
  return merged;
}

export function useOverview() {
  const overview = useApiResource<OverviewResponse>("/api/v1/overview", { refreshMs: LOAD_REFRESH_MS });
  const { data, setData, reload } = overview;
  const [liveStats, setLiveStats] = useState<FleetStats | null>(null);
  const [heartbeatRate, setHeartbeatRate] = useState<RateSample[]>([]);
  const zoneReloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useLiveSubscription({ fleet: true });

  // Samples are kept as they arrive; the chart and tiles get them at most once a second, in a
  // transition, so a fleet's deltas never queue renders behind one another.
  const samplesRef = useRef<RateSample[]>([]);
  const latestRef = useRef<FleetStats | null>(null);
  const redrawTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRedrawRef = useRef(0);

  const redraw = useCallback(() => {
    redrawTimer.current = null;
    lastRedrawRef.current = Date.now();
    const stats = latestRef.current;
    const samples = samplesRef.current;
    startTransition(() => {
      setLiveStats(stats);
      setHeartbeatRate(samples);
    });
  }, []);

  const recordStats = useCallback(
    (stats: FleetStats) => {
      if (latestRef.current && latestRef.current.at >= stats.at) return;
      latestRef.current = stats;
      samplesRef.current = appendRateSample(samplesRef.current, { ts: stats.at, value: stats.heartbeatsPerSec }, HEARTBEAT_WINDOW_MS);
      if (redrawTimer.current) return;
      redrawTimer.current = setTimeout(redraw, Math.max(0, lastRedrawRef.current + STATS_REDRAW_MS - Date.now()));
    },
    [redraw],
  );

  useEffect(() => {
    if (data) recordStats(data.stats);
  }, [data, recordStats]);

  useLiveEvent("fleet:delta", (delta) => recordStats(delta.stats));

  useLiveEvent("node:events", ({ events }) => {
    if (events.length === 0) return;
    setData((previous) => (previous ? { ...previous, recentEvents: mergeEvents(events, previous.recentEvents) } : previous));
    if (zoneReloadTimer.current) return;
    zoneReloadTimer.current = setTimeout(() => {
      zoneReloadTimer.current = null;
      reload();
    }, ZONE_RELOAD_DELAY_MS);
  });

  useEffect(
    () => () => {
      if (zoneReloadTimer.current) clearTimeout(zoneReloadTimer.current);
      if (redrawTimer.current) clearTimeout(redrawTimer.current);
    },
    [],
  );

  return { ...overview, stats: liveStats ?? data?.stats ?? null, heartbeatRate };
}
