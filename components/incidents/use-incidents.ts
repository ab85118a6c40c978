"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import { usePageVisible } from "@/components/live/use-page-visible";
import { buildQuery } from "@/components/live/api-client";
import type { IncidentStatus, IncidentsResponse } from "./incident-types";

const POLL_MS = 3_000;
const LIST_LIMIT = 200;

function listPath(status: IncidentStatus, subject: string | null): string {
  return `/api/v1/incidents${buildQuery({ status, subject, limit: LIST_LIMIT })}`;
}

/**
 * Open and acknowledged incidents (always: the tabs show their counts) and resolved ones while
 * that tab is shown. Polled while visible, and refetched at once when a node changes state, since
 * that is what opens and resolves most incidents.
 */
export function useIncidents(status: IncidentStatus, subject: string | null) {
  const visible = usePageVisible();
  const refreshMs = visible ? POLL_MS : undefined;
  const open = useApiResource<IncidentsResponse>(listPath("open", subject), { refreshMs, keepPreviousData: true });
  const acknowledged = useApiResource<IncidentsResponse>(listPath("acknowledged", subject), { refreshMs, keepPreviousData: true });
  const resolved = useApiResource<IncidentsResponse>(status === "resolved" ? listPath("resolved", subject) : null, { refreshMs, keepPreviousData: true });

  useLiveSubscription({ fleet: true });
  const reloadOpen = open.reload;
  const reloadAcknowledged = acknowledged.reload;
  useLiveEvent("node:events", () => {
    reloadOpen();
    reloadAcknowledged();
  });

  const reloadAll = () => {
    open.reload();
    acknowledged.reload();
    resolved.reload();
  };
  const byStatus = { open, acknowledged, resolved } as const;
  return { byStatus, current: byStatus[status], reloadAll };
}
