"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { useLiveEvent, useLiveSubscription } from "@/components/live/use-live";
import type { AlertsResponse } from "./alert-types";
import { usePageVisible } from "@/components/live/use-page-visible";

/** There is no alert push yet: poll this often while the page is visible so it is never stale. */
export const ALERTS_POLL_MS = 2_000;
const ALERTS_LIMIT = 1000;

/**
 * Firing and resolved alerts (newest first), polled while visible and refetched at once when a
 * node changes state, since that is what fires and resolves most alerts.
 */
export function useAlerts() {
  const visible = usePageVisible();
  const alerts = useApiResource<AlertsResponse>(`/api/v1/alerts?limit=${ALERTS_LIMIT}`, { refreshMs: visible ? ALERTS_POLL_MS : undefined, keepPreviousData: true });
  useLiveSubscription({ fleet: true });
  const reload = alerts.reload;
  useLiveEvent("node:events", () => reload());
  return alerts;
}
