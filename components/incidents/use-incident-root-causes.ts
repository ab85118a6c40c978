"use client";

import { useMemo } from "react";
import type { AlertsResponse } from "@/components/alerts/alert-types";
import { useRecoveryFreezes } from "@/components/alerts/use-recovery-freezes";
import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";
import { groupUnderRootCauses } from "@/lib/alerts/root-cause";
import { groupIncidentsUnderRootCauses } from "./incident-root-causes";
import type { Incident } from "./incident-types";

const POLL_MS = 3_000;

/**
 * The shown incidents split into those a firing partition explains (each under its cause) and
 * the rest. The causes come from the firing alerts, the same grouping as the Alerts page and the
 * notifications; the freezes say what Vigil is doing about it. Resolved incidents are not grouped.
 */
export function useIncidentRootCauses(incidents: readonly Incident[] | null, enabled: boolean) {
  const visible = usePageVisible();
  const alerts = useApiResource<AlertsResponse>(enabled ? "/api/v1/alerts?status=firing&limit=5000" : null, { refreshMs: visible ? POLL_MS : undefined, keepPreviousData: true });
  const causes = useMemo(() => (enabled ? groupUnderRootCauses(alerts.data?.items ?? []).rootCauses : []), [alerts.data, enabled]);
  const grouped = useMemo(() => (incidents ? groupIncidentsUnderRootCauses(incidents, causes) : null), [incidents, causes]);
  const freezes = useRecoveryFreezes((grouped?.underCauses.length ?? 0) > 0);
  return { grouped, freezes };
}
