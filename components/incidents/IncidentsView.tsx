"use client";

import { X } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { PageHeader } from "@/components/layout/PageHeader";
import { useNow } from "@/components/live/use-now";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { buildQuery } from "@/components/live/api-client";
import { compareBySeverityThenAge } from "@/components/incidents/incident-severity";
import { rootCauseAction, rootCauseNodeCount, rootCauseTitle } from "@/components/alerts/alert-groups";
import { RootCauseLine } from "@/components/alerts/RootCauseLine";
import { partitionNodesURL } from "@/lib/alerts/root-cause";
import { IncidentDrawer } from "./IncidentDrawer";
import { IncidentsTable } from "./IncidentsTable";
import type { Incident, IncidentStatus } from "./incident-types";
import { useIncidentRootCauses } from "./use-incident-root-causes";
import { useIncidents } from "./use-incidents";

type IncidentsViewProps = {
  initialStatus: IncidentStatus;
  /** From `?subject=`: only incidents about this group or node. */
  subject: string | null;
  initialIncidentId: number | null;
};

const EMPTY_TEXT: Record<IncidentStatus, { title: string; body: string }> = {
  open: { title: "No open incidents", body: "Nothing needs attention right now." },
  acknowledged: { title: "Nothing acknowledged", body: "Incidents someone is working on show here until they resolve." },
  resolved: { title: "No resolved incidents yet", body: "Incidents move here once their problem is no longer detected." },
};

/** Keeps the address bar in step, so a link to the page shows what the operator sees. */
function syncUrl(status: IncidentStatus, subject: string | null, incidentId: number | null): void {
  const query = buildQuery({ status: status === "open" ? null : status, subject, incident: incidentId });
  window.history.replaceState(null, "", `/incidents${query}`);
}

export function IncidentsView({ initialStatus, subject, initialIncidentId }: IncidentsViewProps) {
  const canAcknowledge = hasRole(useCurrentUser(), "operator");
  const [status, setStatus] = useState<IncidentStatus>(initialStatus);
  const [selectedId, setSelectedId] = useState<number | null>(initialIncidentId);
  const { byStatus, current, reloadAll } = useIncidents(status, subject);
  const now = useNow(1000);

  const items = current.data?.items;
  const sorted = useMemo(() => (items ? [...items].sort(status === "resolved" ? (a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) : compareBySeverityThenAge) : null), [items, status]);

  // A partition's incidents fold under one line for it, as its alerts do on the Alerts page.
  const { grouped, freezes } = useIncidentRootCauses(sorted, status !== "resolved");
  const rows = grouped?.rest ?? sorted;
  const [openCauses, setOpenCauses] = useState<ReadonlySet<string>>(new Set());
  const toggleCause = (key: string) =>
    setOpenCauses((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  const count = (which: IncidentStatus) => byStatus[which].data?.items.length;
  const tabLabel = (which: IncidentStatus, label: string) => {
    const value = count(which);
    return value === undefined ? label : `${label} (${value})`;
  };
  const tabOptions = [
    { value: "open" as const, label: tabLabel("open", "Open") },
    { value: "acknowledged" as const, label: tabLabel("acknowledged", "Acknowledged") },
    { value: "resolved" as const, label: tabLabel("resolved", "Resolved") },
  ];

  const changeStatus = (next: IncidentStatus) => {
    setStatus(next);
    syncUrl(next, subject, selectedId);
  };
  const select = (id: number | null) => {
    setSelectedId(id);
    syncUrl(status, subject, id);
  };
  const closeDrawer = useCallback(() => {
    setSelectedId(null);
    syncUrl(status, subject, null);
  }, [status, subject]);
  const acknowledged = (_incident: Incident) => reloadAll();

  const openItems = byStatus.open.data?.items ?? [];
  const criticalOpen = openItems.filter((incident) => incident.severity === "critical").length;
  const selected = [...(byStatus.open.data?.items ?? []), ...(byStatus.acknowledged.data?.items ?? []), ...(byStatus.resolved.data?.items ?? [])].find(
    (incident) => incident.id === selectedId,
  );

  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle={
          byStatus.open.data ? (
            <span className="tabular" data-testid="incidents-summary">
              {openItems.length === 0 ? (
                <span className="text-green-400">no open incidents</span>
              ) : (
                <span className={criticalOpen ? "text-red-300" : "text-amber-300"}>
                  {openItems.length} open{criticalOpen ? `, ${criticalOpen} critical` : ""}
                </span>
              )}
              <span className="text-zinc-400"> · </span>
              {count("acknowledged") ?? 0} acknowledged
            </span>
          ) : (
            "Problems Vigil detected, from opening to resolution."
          )
        }
      />
      <div className="flex flex-col gap-4 p-6">
        {/* Tabs on the left, where the detail drawer (on the right) never covers them. */}
        <div className="flex flex-wrap items-center gap-4">
          <SegmentedControl label="Incident status" options={tabOptions} value={status} onChange={changeStatus} />
          {subject && (
            <p className="flex items-center gap-2 text-sm text-zinc-400">
              Only incidents about <span className="font-mono text-zinc-200">{subject}</span>
              <Link href={`/incidents${buildQuery({ status: status === "open" ? null : status })}`} className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
                <X className="size-3" aria-hidden />
                show all
              </Link>
            </p>
          )}
        </div>
        {grouped?.underCauses.map(({ cause, incidents }) => (
          <RootCauseLine
            key={cause.key}
            kind={cause.kind}
            zone={cause.zone}
            title={rootCauseTitle(cause)}
            action={rootCauseAction(freezes)}
            nodesHref={partitionNodesURL(cause.zone)}
            nodes={cause.nodes}
            nodeCount={rootCauseNodeCount(cause)}
            since={cause.alert.startsAt}
            membersLabel={`${incidents.length} incident${incidents.length === 1 ? "" : "s"} under it`}
            open={openCauses.has(cause.key)}
            onToggle={() => toggleCause(cause.key)}
          >
            <IncidentsTable incidents={incidents} now={now} selectedId={selectedId} canAcknowledge={canAcknowledge} onSelect={select} onAcknowledged={acknowledged} />
          </RootCauseLine>
        ))}
        <Panel bodyClassName="p-0" title={status === "resolved" ? "Recently resolved" : status === "acknowledged" ? "Being worked on" : "Needs attention · worst first"}>
          {!rows ? (
            current.error ? <ErrorState message={current.error} onRetry={current.reload} className="h-48" /> : <LoadingState label="Loading incidents…" className="h-48" />
          ) : rows.length === 0 ? (
            <EmptyState title={sorted && sorted.length > 0 ? "Nothing else" : EMPTY_TEXT[status].title} className="h-48">
              {sorted && sorted.length > 0 ? "Every incident here is under the partition above." : EMPTY_TEXT[status].body}
            </EmptyState>
          ) : (
            <IncidentsTable incidents={rows} now={now} selectedId={selectedId} canAcknowledge={canAcknowledge} onSelect={select} onAcknowledged={acknowledged} />
          )}
        </Panel>
        {current.error && rows && <p className="text-xs text-amber-300">Last refresh failed: {current.error}</p>}
      </div>
      {selectedId !== null && (
        <IncidentDrawer
          key={selectedId}
          incidentId={selectedId}
          version={selected?.updatedAt ?? null}
          canAcknowledge={canAcknowledge}
          onClose={closeDrawer}
          onAcknowledged={acknowledged}
        />
      )}
    </>
  );
}
