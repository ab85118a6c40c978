"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { AuditItem, AuditKinds, AuditPage } from "@/lib/protocol/api/audit";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { useDebouncedValue } from "@/components/logs/use-debounced-value";
import { auditPath, groupKinds, type AuditFilterDraft } from "./audit-filters";

/** The newest page is asked again this often: the log grows while someone watches it. */
export const AUDIT_REFRESH_MS = 10_000;

/**
 * The audit log under a filter: the newest page, polled; older pages on demand (by cursor),
 * dropped when the filter changes. Text filters apply once typing pauses; a relative time range
 * is anchored when the filter changes or on `refresh()`.
 */
export function useAudit(draft: AuditFilterDraft) {
  const settled = useDebouncedValue(draft, 300);
  const [anchor, setAnchor] = useState(() => Date.now());
  useEffect(() => setAnchor(Date.now()), [settled]);
  const path = useMemo(() => auditPath(settled, anchor), [settled, anchor]);
  const newest = useApiResource<AuditPage>(path, { refreshMs: AUDIT_REFRESH_MS, keepPreviousData: true });
  const kinds = useApiResource<AuditKinds>("/api/v1/audit/kinds");

  const [older, setOlder] = useState<{ path: string; items: AuditItem[]; cursor: string | null } | null>(null);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const olderForPath = older?.path === path ? older : null;

  const items = useMemo(() => {
    const first = newest.data?.items ?? [];
    const seen = new Set(first.map((item) => item.id));
    return [...first, ...(olderForPath?.items ?? []).filter((item) => !seen.has(item.id))];
  }, [newest.data, olderForPath]);
  const cursor = olderForPath ? olderForPath.cursor : (newest.data?.nextCursor ?? null);

  const loadOlder = useCallback(() => {
    if (!cursor || loadingOlder) return;
    setLoadingOlder(true);
    setOlderError(null);
    apiFetch<AuditPage>(auditPath(settled, anchor, cursor))
      .then((page) => setOlder((current) => ({ path, items: [...(current?.path === path ? current.items : []), ...page.items], cursor: page.nextCursor })))
      .catch((error: unknown) => setOlderError(errorMessage(error)))
      .finally(() => setLoadingOlder(false));
  }, [cursor, loadingOlder, settled, anchor, path]);

  const refresh = useCallback(() => {
    setAnchor(Date.now());
    newest.reload();
  }, [newest]);

  return {
    items: newest.data ? items : null,
    error: newest.error,
    loading: newest.loading,
    refresh,
    hasOlder: cursor !== null,
    loadOlder,
    loadingOlder,
    olderError,
    kindGroups: useMemo(() => groupKinds(kinds.data?.items ?? []), [kinds.data]),
    descriptions: useMemo(() => new Map((kinds.data?.items ?? []).map((item) => [item.kind, item.description])), [kinds.data]),
  };
}
