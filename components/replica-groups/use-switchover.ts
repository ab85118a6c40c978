"use client";

import { useCallback, useEffect, useState } from "react";
import { apiFetch, buildQuery, errorMessage } from "@/components/live/api-client";
import type { CreatedSwitchover, SwitchoverPreviewView, SwitchoverRequest } from "@/lib/protocol/api/replica-groups";
import { switchoverActive } from "./switchover-progress";

/** While a switchover runs its steps take milliseconds: poll fast enough to show each. */
const ACTIVE_POLL_MS = 500;

/** The preview of a switchover of `groupId` (while `open`), polled while one is under way, and the request. */
export function useSwitchover(groupId: string, open: boolean, target: string | null) {
  const [preview, setPreview] = useState<SwitchoverPreviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/v1/replica-groups/${encodeURIComponent(groupId)}/switchover`;

  const load = useCallback(async () => {
    try {
      setPreview(await apiFetch<SwitchoverPreviewView>(`${path}${buildQuery({ target: target ?? undefined })}`));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [path, target]);

  useEffect(() => {
    if (!open) return;
    void load();
  }, [open, load]);

  const active = switchoverActive(preview?.latest ?? null);
  useEffect(() => {
    if (!open || !active) return;
    const timer = setInterval(() => void load(), ACTIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [open, active, load]);

  const request = useCallback(
    async (body: Partial<SwitchoverRequest>) => {
      const created = await apiFetch<CreatedSwitchover>(path, { method: "POST", body });
      await load();
      return created;
    },
    [path, load],
  );

  return { preview, error, active, request, reload: load };
}
