"use client";

import { X } from "lucide-react";
import { useEffect } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import { useNow } from "@/components/live/use-now";
import { ErrorState } from "@/components/ui/ErrorState";
import { LoadingState } from "@/components/ui/LoadingState";
import { formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { humanizeKind, severityStyle } from "@/components/incidents/incident-severity";
import { AcknowledgeButton } from "./AcknowledgeButton";
import { IncidentSubjectLink } from "./IncidentSubjectLink";
import type { Incident, IncidentDetailResponse } from "./incident-types";
import { SeverityBadge } from "./SeverityBadge";

type IncidentDrawerProps = {
  incidentId: number;
  /** Changes when the list saw this incident change, so the timeline follows. */
  version: number | null;
  canAcknowledge: boolean;
  onClose: () => void;
  onAcknowledged: (incident: Incident) => void;
};

const EVENT_TONE: Record<string, string> = {
  opened: "bg-red-400",
  updated: "bg-amber-400",
  acknowledged: "bg-sky-400",
  resolved: "bg-green-400",
};

const STATUS_TONE: Record<string, string> = {
  open: "text-red-300",
  acknowledged: "text-sky-300",
  resolved: "text-green-300",
};

function DetailBlock({ detail }: { detail: unknown }) {
  if (detail === null || detail === undefined) return null;
  return (
    <details className="rounded-md border border-zinc-800 bg-zinc-950/60">
      <summary className="cursor-pointer px-3 py-1.5 text-xs text-zinc-400">Detail (as detected)</summary>
      <pre className="overflow-x-auto px-3 pb-2 font-mono text-[11px] text-zinc-300">{JSON.stringify(detail, null, 2)}</pre>
    </details>
  );
}

/** One incident and what happened to it, in a panel over the right edge so the list stays in view. */
export function IncidentDrawer({ incidentId, version, canAcknowledge, onClose, onAcknowledged }: IncidentDrawerProps) {
  const detail = useApiResource<IncidentDetailResponse>(`/api/v1/incidents/${incidentId}`);
  const now = useNow(1000);
  const reload = detail.reload;
  useEffect(() => {
    if (version !== null) reload();
  }, [version, reload]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const incident = detail.data?.incident;
  return (
    <aside
      aria-label={`Incident ${incidentId}`}
      className="fixed inset-y-0 right-0 z-40 flex w-[min(30rem,100vw)] flex-col border-l border-zinc-700 bg-zinc-900 shadow-2xl shadow-black/60"
      data-testid="incident-drawer"
      data-incident-id={incidentId}
    >
      <header className="flex items-center justify-between gap-3 border-b border-zinc-800 px-5 py-3">
        <h2 className="text-base font-semibold text-zinc-100">Incident #{incidentId}</h2>
        <button type="button" onClick={onClose} className="rounded p-1 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100" aria-label="Close">
          <X className="size-4" />
        </button>
      </header>
      {!incident ? (
        detail.errorStatus === 404 ? (
          <ErrorState title="No such incident" message={`There is no incident #${incidentId}.`} className="h-64" />
        ) : detail.error ? (
          <ErrorState message={detail.error} onRetry={detail.reload} className="h-64" />
        ) : (
          <LoadingState label="Loading incident…" className="h-64" />
        )
      ) : (
        <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-5 py-4 text-sm">
          <div className={`space-y-2 border-l-2 pl-3 ${severityStyle(incident.severity).border}`}>
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={incident.severity} />
              <span className="text-xs font-medium text-zinc-300">{humanizeKind(incident.kind)}</span>
              <span className={`text-xs font-medium ${STATUS_TONE[incident.status] ?? "text-zinc-300"}`}>{incident.status}</span>
            </div>
            <p className="text-base text-zinc-100">{incident.message}</p>
            <IncidentSubjectLink incident={incident} />
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
            <dt className="text-zinc-400">Opened</dt>
            <dd className="text-zinc-300 tabular">
              <RelativeTime ts={incident.openedAt} now={now} />
            </dd>
            <dt className="text-zinc-400">{incident.resolvedAt !== null ? "Lasted" : "Open for"}</dt>
            <dd className="text-zinc-300 tabular">{formatDuration((incident.resolvedAt ?? now) - incident.openedAt)}</dd>
            {incident.acknowledgedBy && (
              <>
                <dt className="text-zinc-400">Acknowledged by</dt>
                <dd className="text-zinc-300">{incident.acknowledgedBy}</dd>
              </>
            )}
            <dt className="text-zinc-400">Key</dt>
            <dd className="font-mono break-all text-zinc-400">{incident.key}</dd>
          </dl>
          {canAcknowledge && (
            <AcknowledgeButton
              incident={incident}
              size="md"
              onAcknowledged={(updated) => {
                onAcknowledged(updated);
                reload();
              }}
            />
          )}
          <DetailBlock detail={incident.detail} />
          <section className="space-y-2">
            <h3 className="text-xs font-semibold tracking-wide text-zinc-400 uppercase">Timeline</h3>
            <ol className="relative space-y-3 border-l border-zinc-800 pl-4" aria-label="Timeline" data-testid="incident-timeline">
              {(detail.data?.timeline ?? []).map((event) => (
                <li key={event.id} className="relative" data-event-kind={event.kind}>
                  <span className={`absolute top-1.5 -left-[21px] size-2.5 rounded-full ring-2 ring-zinc-900 ${EVENT_TONE[event.kind] ?? "bg-zinc-500"}`} aria-hidden />
                  <p className="text-xs text-zinc-400 tabular">
                    <RelativeTime ts={event.at} now={now} /> · <span className="font-medium text-zinc-300">{event.kind}</span>
                  </p>
                  <p className="text-zinc-200">{event.message}</p>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </aside>
  );
}
