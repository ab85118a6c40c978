"use client";

import { useCallback } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import type { ActionsResponse, AuditResponse, PolicyDocument, RecoveryStatus } from "./recovery-types";

/**
 * The server pushes "recovery:changed" after each recovery round that changed something; this
 * slow poll only covers what no round sees (e.g. a hook edited in another tab) and a lost signal.
 */
const FALLBACK_POLL_MS = 30_000;
export const ACTIONS_LIMIT = 200;
export const AUDIT_LIMIT = 200;

export function useRecovery() {
  const refreshMs = usePageVisible() ? FALLBACK_POLL_MS : undefined;
  const status = useApiResource<RecoveryStatus>("/api/v1/recovery/status", { refreshMs });
  const actions = useApiResource<ActionsResponse>(`/api/v1/actions?limit=${ACTIONS_LIMIT}`, { refreshMs });
  const policies = useApiResource<PolicyDocument>("/api/v1/policies", { refreshMs });
  const audit = useApiResource<AuditResponse>(`/api/v1/audit?limit=${AUDIT_LIMIT}`, { refreshMs });

  const reloadStatus = status.reload;
  const reloadActions = actions.reload;
  const reloadPolicies = policies.reload;
  const reloadAudit = audit.reload;
  /** After one of our own writes, or a pushed change: everything it may have changed, at once. */
  const refreshAll = useCallback(() => {
    reloadStatus();
    reloadActions();
    reloadPolicies();
    reloadAudit();
  }, [reloadStatus, reloadActions, reloadPolicies, reloadAudit]);
  useLiveEvent("recovery:changed", refreshAll);

  return { status, actions, policies, audit, refreshAll };
}
