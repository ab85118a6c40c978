"use client";

import { useCallback } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";
import type { ActionsResponse, AuditResponse, PolicyDocument, RecoveryStatus } from "./recovery-types";

/** No push carries recovery yet: status and actions poll fast while the page is visible. */
const LIVE_POLL_MS = 1_500;
const AUDIT_POLL_MS = 5_000;
const POLICY_POLL_MS = 15_000;
export const ACTIONS_LIMIT = 200;
export const AUDIT_LIMIT = 200;

export function useRecovery() {
  const visible = usePageVisible();
  const status = useApiResource<RecoveryStatus>("/api/v1/recovery/status", { refreshMs: visible ? LIVE_POLL_MS : undefined });
  const actions = useApiResource<ActionsResponse>(`/api/v1/actions?limit=${ACTIONS_LIMIT}`, { refreshMs: visible ? LIVE_POLL_MS : undefined });
  const policies = useApiResource<PolicyDocument>("/api/v1/policies", { refreshMs: visible ? POLICY_POLL_MS : undefined });
  const audit = useApiResource<AuditResponse>(`/api/v1/audit?limit=${AUDIT_LIMIT}`, { refreshMs: visible ? AUDIT_POLL_MS : undefined });

  const reloadStatus = status.reload;
  const reloadActions = actions.reload;
  const reloadPolicies = policies.reload;
  const reloadAudit = audit.reload;
  /** After one of our own writes: everything it may have changed, at once. */
  const refreshAll = useCallback(() => {
    reloadStatus();
    reloadActions();
    reloadPolicies();
    reloadAudit();
  }, [reloadStatus, reloadActions, reloadPolicies, reloadAudit]);

  return { status, actions, policies, audit, refreshAll };
}
