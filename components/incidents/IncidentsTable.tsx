"use client";

import { formatDateTime, formatDuration, formatRelativeTime } from "@/components/ui/format";
import { humanizeKind, severityStyle } from "@/components/incidents/incident-severity";
import { AcknowledgeButton } from "./AcknowledgeButton";
import { IncidentSubjectLink } from "./IncidentSubjectLink";
import type { Incident } from "./incident-types";
import { SeverityBadge } from "./SeverityBadge";

type IncidentsTableProps = {
  incidents: readonly Incident[];
  now: number;
  selectedId: number | null;
  canAcknowledge: boolean;
  onSelect: (id: number) => void;
  onAcknowledged: (incident: Incident) => void;
};

function AgeCell({ incident, now }: { incident: Incident; now: number }) {
  if (incident.status === "resolved" && incident.resolvedAt !== null) {
    return (
      <span title={`opened ${formatDateTime(incident.openedAt)}, resolved ${formatDateTime(incident.resolvedAt)}`}>
        resolved {formatRelativeTime(incident.resolvedAt, now)}
        <span className="block text-[11px] text-zinc-500">lasted {formatDuration(incident.resolvedAt - incident.openedAt)}</span>
      </span>
    );
  }
  return <span title={`opened ${formatDateTime(incident.openedAt)}`}>{formatDuration(now - incident.openedAt)}</span>;
}

export function IncidentsTable({ incidents, now, selectedId, canAcknowledge, onSelect, onAcknowledged }: IncidentsTableProps) {
  const cell = "px-3 py-2";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="incidents-table">
        <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className={`${cell} pl-4 font-medium`}>Severity</th>
            <th className={`${cell} font-medium`}>Kind</th>
            <th className={`${cell} font-medium`}>Subject</th>
            <th className={`${cell} font-medium`}>Message</th>
            <th className={`${cell} font-medium`}>Age</th>
            <th className={`${cell} pr-4 text-right font-medium`}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/70">
          {incidents.map((incident) => {
            const selected = incident.id === selectedId;
            return (
              <tr
                key={incident.id}
                data-incident-id={incident.id}
                data-severity={incident.severity}
                onClick={() => onSelect(incident.id)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") onSelect(incident.id);
                }}
                tabIndex={0}
                aria-selected={selected}
                className={`cursor-pointer border-l-2 outline-none focus-visible:bg-zinc-800/50 ${selected ? "bg-zinc-800/60" : "hover:bg-zinc-800/30"}`}
                style={{ borderLeftColor: severityStyle(incident.severity).hex }}
              >
                <td className={`${cell} pl-4`}>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td className={`${cell} text-xs whitespace-nowrap text-zinc-300`}>{humanizeKind(incident.kind)}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  <IncidentSubjectLink incident={incident} />
                </td>
                <td className={`${cell} text-zinc-200`}>
                  {incident.message}
                  {incident.status === "acknowledged" && incident.acknowledgedBy && (
                    <span className="block text-[11px] text-zinc-500">acknowledged by {incident.acknowledgedBy}</span>
                  )}
                </td>
                <td className={`${cell} text-xs whitespace-nowrap text-zinc-400 tabular`}>
                  <AgeCell incident={incident} now={now} />
                </td>
                <td className={`${cell} pr-4 text-right`}>{canAcknowledge && <AcknowledgeButton incident={incident} onAcknowledged={onAcknowledged} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
