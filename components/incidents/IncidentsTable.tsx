"use client";

import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatDateTime, formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
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
      <span>
        <RelativeTime ts={incident.resolvedAt} now={now} prefix="resolved" />
        <span className="block text-[11px] text-zinc-400">lasted {formatDuration(incident.resolvedAt - incident.openedAt)}</span>
      </span>
    );
  }
  return <span title={`opened ${formatDateTime(incident.openedAt)}`}>{formatDuration(now - incident.openedAt)}</span>;
}

function incidentColumns({ now, canAcknowledge, onAcknowledged }: Pick<IncidentsTableProps, "now" | "canAcknowledge" | "onAcknowledged">): Column<Incident>[] {
  return [
    { key: "severity", header: "Severity", cell: (incident) => <SeverityBadge severity={incident.severity} /> },
    { key: "kind", header: "Kind", className: "text-xs whitespace-nowrap text-zinc-300", cell: (incident) => humanizeKind(incident.kind) },
    { key: "subject", header: "Subject", className: "whitespace-nowrap", cell: (incident) => <IncidentSubjectLink incident={incident} /> },
    {
      key: "message",
      header: "Message",
      className: "text-zinc-200",
      cell: (incident) => (
        <>
          {incident.message}
          {incident.status === "acknowledged" && incident.acknowledgedBy && (
            <span className="block text-[11px] text-zinc-400">acknowledged by {incident.acknowledgedBy}</span>
          )}
        </>
      ),
    },
    { key: "age", header: "Age", className: "text-xs whitespace-nowrap text-zinc-400 tabular", cell: (incident) => <AgeCell incident={incident} now={now} /> },
    {
      key: "actions",
      header: null,
      srHeader: "Actions",
      align: "right",
      cell: (incident) => canAcknowledge && <AcknowledgeButton incident={incident} onAcknowledged={onAcknowledged} />,
    },
  ];
}

export function IncidentsTable({ incidents, selectedId, onSelect, ...rest }: IncidentsTableProps) {
  return (
    <DataTable
      testId="incidents-table"
      scrollX
      density="normal"
      verticalAlign="middle"
      columns={incidentColumns(rest)}
      rows={incidents}
      rowKey={(incident) => incident.id}
      onRowClick={(incident) => onSelect(incident.id)}
      isRowSelected={(incident) => incident.id === selectedId}
      rowProps={(incident) => ({
        "data-incident-id": incident.id,
        "data-severity": incident.severity,
        className: "border-l-2",
        style: { borderLeftColor: severityStyle(incident.severity).hex },
      })}
    />
  );
}
