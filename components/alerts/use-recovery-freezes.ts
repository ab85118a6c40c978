"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import type { RecoveryStatus } from "@/lib/protocol/api/recovery";

/** Pushed by "recovery:changed"; the poll only covers a lost signal. */
const FALLBACK_POLL_MS = 15_000;

/**
 * The recovery planner's freezes, for root-cause lines ("what Vigil is doing about it"). Loaded
 * only while `wanted` (a root cause is on screen): null until then, and while it loads.
 */
export function useRecoveryFreezes(wanted: boolean): RecoveryStatus["freezes"] | null {
  const visible = usePageVisible();
  const status = useApiResource<RecoveryStatus>(wanted ? "/api/v1/recovery/status" : null, { refreshMs: visible ? FALLBACK_POLL_MS : undefined, keepPreviousData: true });
  const reload = status.reload;
  useLiveEvent("recovery:changed", () => reload());
  return wanted ? (status.data?.freezes ?? null) : null;
}
