"use client";

import { Boxes, Siren } from "lucide-react";
import Link from "next/link";
import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";
import { buildQuery } from "@/components/live/api-client";
import { severityStyle, worstSeverity } from "@/components/incidents/incident-severity";
import type { IncidentsResponse } from "./incident-types";

const POLL_MS = 5_000;

function openIncidentsPath(subject: string): string {
  return `/api/v1/incidents${buildQuery({ status: "open", subject, limit: 100 })}`;
}

/** On a node's page: its replica group, and the open incidents about the node or its group. */
export function NodeIncidentLinks({ nodeId, group }: { nodeId: string; group: string | null }) {
  const refreshMs = usePageVisible() ? POLL_MS : undefined;
  const aboutNode = useApiResource<IncidentsResponse>(openIncidentsPath(nodeId), { refreshMs });
  const aboutGroup = useApiResource<IncidentsResponse>(group ? openIncidentsPath(group) : null, { refreshMs });
  const nodeIncidents = aboutNode.data?.items ?? [];
  const groupIncidents = aboutGroup.data?.items ?? [];
  const toneOf = (incidents: IncidentsResponse["items"]) => {
    const worst = worstSeverity(incidents);
    return worst ? severityStyle(worst).badge : "text-zinc-400 ring-1 ring-inset ring-zinc-700";
  };
  const linkClass = "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium hover:brightness-125";

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="node-incident-links">
      {group && (
        <Link prefetch={false} href={`/replica-groups?group=${encodeURIComponent(group)}`} className={`${linkClass} text-sky-300 ring-1 ring-sky-500/30 ring-inset`}>
          <Boxes className="size-3.5" aria-hidden />
          replica group <span className="font-mono">{group}</span>
        </Link>
      )}
      <Link prefetch={false} href={`/incidents${buildQuery({ subject: nodeId })}`} className={`${linkClass} ${toneOf(nodeIncidents)}`}>
        <Siren className="size-3.5" aria-hidden />
        {aboutNode.data ? `${nodeIncidents.length} open ${nodeIncidents.length === 1 ? "incident" : "incidents"} about this node` : "incidents"}
      </Link>
      {group && groupIncidents.length > 0 && (
        <Link prefetch={false} href={`/incidents${buildQuery({ subject: group })}`} className={`${linkClass} ${toneOf(groupIncidents)}`}>
          <Siren className="size-3.5" aria-hidden />
          {groupIncidents.length} open about {group}
        </Link>
      )}
    </div>
  );
}
