"use client";

import { useCallback, useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import type { RecoveryHookView } from "@/lib/protocol/api/recovery";

type HooksResponse = { items: RecoveryHookView[] };

const hookPath = (hook: RecoveryHookView) => `/api/v1/recovery/hooks/${encodeURIComponent(hook.id)}`;

/** The recovery hooks and what an operator does to them: enable/disable, delete, and the secret a new one reveals once. */
export function useRecoveryHooks() {
  const hooks = useApiResource<HooksResponse>("/api/v1/recovery/hooks");
  const [deleting, setDeleting] = useState<RecoveryHookView | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reload = hooks.reload;

  const toggle = useCallback(
    async (hook: RecoveryHookView) => {
      setFailure(null);
      try {
        await apiFetch(hookPath(hook), { method: "PATCH", body: { enabled: !hook.enabled } });
        reload();
      } catch (error) {
        setFailure(errorMessage(error));
      }
    },
    [reload],
  );

  /** Throws on failure: the confirm dialog shows the error and stays open. */
  const confirmDelete = useCallback(async () => {
    if (!deleting) return;
    await apiFetch(hookPath(deleting), { method: "DELETE" });
    reload();
  }, [deleting, reload]);

  const created = useCallback(
    (newSecret: string) => {
      setSecret(newSecret);
      reload();
    },
    [reload],
  );

  return { hooks, items: hooks.data?.items ?? [], failure, toggle, deleting, setDeleting, confirmDelete, secret, dismissSecret: () => setSecret(null), created };
}
