"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { nodeRecoveryHolds, type NodeRecoveryHolds } from "./node-recovery";
import type { RecoveryStatus } from "./recovery-types";

/** Pushed "recovery:changed" signals refetch at once; this only covers a lost signal. */
const FALLBACK_POLL_MS = 30_000;

/** On a node's page: what holds recovery back from this node right now. */
export function useNodeRecovery(nodeId: string, group: string | null): NodeRecoveryHolds & { loaded: boolean; error: string | null } {
  const refreshMs = usePageVisible() ? FALLBACK_POLL_MS : undefined;
  const status = useApiResource<RecoveryStatus>("/api/v1/recovery/status", { refreshMs });
  useLiveEvent("recovery:changed", status.reload);
  return { ...nodeRecoveryHolds(status.data, nodeId, group), loaded: status.data !== null && status.data !== undefined, error: status.error ?? null };
}
