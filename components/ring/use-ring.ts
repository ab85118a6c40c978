"use client";

import { useEffect, useState } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import type { RingEpochsResponse, RingResponse, RingWithDrawing } from "./ring-types";
import { usePageVisible } from "@/components/live/use-page-visible";

/**
 * New epochs are pushed ("ring:changed"); this slow poll covers what no epoch carries (group
 * health, auto-join settings changed in another tab) and a lost signal.
 */
const FALLBACK_POLL_MS = 30_000;
/** Agents acknowledge a new epoch one by one, unpushed: while any is behind, the count should visibly tick down. */
const CATCH_UP_POLL_MS = 1_000;
export const EPOCH_HISTORY_LIMIT = 50;
/** ≈ a quarter degree: thinner arcs are below a pixel at the drawing's size, so slices lose nothing visible. */
export const MAX_DRAWN_ARCS = 1440;

/**
 * The ring (refetched on each pushed epoch), its drawing (fetched again only when the epoch
 * moves) and the epoch history (refetched on each new epoch).
 */
export function useRing(waitingForAgents: boolean) {
  const visible = usePageVisible();
  const [catchingUp, setCatchingUp] = useState(false);
  const fast = waitingForAgents || catchingUp;
  const ring = useApiResource<RingResponse>("/api/v1/ring", { refreshMs: visible ? (fast ? CATCH_UP_POLL_MS : FALLBACK_POLL_MS) : undefined });
  const behind = (ring.data?.agentsBehind.length ?? 0) > 0;
  // Adjusted while rendering (not in an effect): the poll speed follows the answer just shown.
  if (behind !== catchingUp) setCatchingUp(behind);
  useLiveEvent("ring:changed", ring.reload);

  const epoch = ring.data?.epoch ?? null;
  // The drawing (a few thousand numbers, however many tokens the ring has) is fetched once per epoch.
  const drawing = useApiResource<RingWithDrawing>(epoch ? `/api/v1/ring?arcs=${MAX_DRAWN_ARCS}` : null, { keepPreviousData: true });
  const epochs = useApiResource<RingEpochsResponse>(`/api/v1/ring/epochs?limit=${EPOCH_HISTORY_LIMIT}`, { refreshMs: visible ? FALLBACK_POLL_MS : undefined });

  const drawnEpoch = drawing.data?.drawing?.epoch ?? drawing.data?.epoch ?? null;
  const reloadDrawing = drawing.reload;
  const drawingLoading = drawing.loading;
  useEffect(() => {
    // Only ever forward: an answer that lags behind the drawing fetch must not cause a refetch loop.
    if (epoch === null || drawnEpoch === null || drawingLoading) return;
    if (drawnEpoch < epoch) reloadDrawing();
  }, [epoch, drawnEpoch, drawingLoading, reloadDrawing]);

  const reloadEpochs = epochs.reload;
  useEffect(() => {
    if (epoch !== null) reloadEpochs();
  }, [epoch, reloadEpochs]);

  return { ring, drawing, epochs };
}
