"use client";

import { useEffect } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import type { RingEpochsResponse, RingResponse, RingWithTokens } from "./ring-types";
import { usePageVisible } from "@/components/live/use-page-visible";

/** No push carries ring changes yet: poll cheaply (no tokens) while the page is visible. */
const POLL_MS = 2_500;
/** While an applied change waits for agents, the count should visibly tick down. */
const FAST_POLL_MS = 1_000;
const HISTORY_POLL_MS = 15_000;
export const EPOCH_HISTORY_LIMIT = 50;

/**
 * The ring (polled), its token positions (fetched again only when the epoch moves) and the epoch
 * history (refetched on each new epoch).
 */
export function useRing(fast: boolean) {
  const visible = usePageVisible();
  const ring = useApiResource<RingResponse>("/api/v1/ring", { refreshMs: visible ? (fast ? FAST_POLL_MS : POLL_MS) : undefined });
  const epoch = ring.data?.epoch ?? null;
  const tokens = useApiResource<RingWithTokens>(epoch ? "/api/v1/ring?tokens=1" : null, { keepPreviousData: true });
  const epochs = useApiResource<RingEpochsResponse>(`/api/v1/ring/epochs?limit=${EPOCH_HISTORY_LIMIT}`, { refreshMs: visible ? HISTORY_POLL_MS : undefined });

  const tokensEpoch = tokens.data?.epoch ?? null;
  const reloadTokens = tokens.reload;
  const tokensLoading = tokens.loading;
  useEffect(() => {
    // Only ever forward: a poll that lags behind the token fetch must not cause a refetch loop.
    if (epoch === null || tokensEpoch === null || tokensLoading) return;
    if (tokensEpoch < epoch) reloadTokens();
  }, [epoch, tokensEpoch, tokensLoading, reloadTokens]);

  const reloadEpochs = epochs.reload;
  useEffect(() => {
    if (epoch !== null) reloadEpochs();
  }, [epoch, reloadEpochs]);

  return { ring, tokens, epochs };
}
