import type { RootCause, RootCauseAlert } from "@/lib/alerts/root-cause";
import type { Incident } from "./incident-types";

/** What the incident grouping reads of a root cause's alerts: labels and the `incident` annotation. */
export type IncidentCauseAlert = RootCauseAlert & { annotations?: Readonly<Record<string, string>> };

export type IncidentRootCause<T extends IncidentCauseAlert> = { cause: RootCause<T>; incidents: Incident[] };

/** The nodes an incident is about: its subject, and the primary(ies) or followed node its detail names. */
export function incidentNodes(incident: Incident): string[] {
  const out = [incident.subject];
  const detail = incident.detail;
  if (typeof detail === "object" && detail !== null) {
    const fields = detail as Record<string, unknown>;
    for (const name of ["primaryId", "following", "expected"]) if (typeof fields[name] === "string") out.push(fields[name]);
    if (Array.isArray(fields.primaryIds)) for (const id of fields.primaryIds) if (typeof id === "string") out.push(id);
  }
  return out;
}

/**
 * The incidents a partition explains, grouped under it like its alerts (lib/alerts/root-cause):
 * the incident a member alert was raised from (its `incident` annotation), or an incident about a
 * node the partition took down (its subject, or the primary or followed node it names). Done in
 * the page, not stored: the grouping follows the partition alert as it fires and resolves, and
 * incidents stay one row per problem for the API and the audit trail.
 */
export function groupIncidentsUnderRootCauses<T extends IncidentCauseAlert>(
  incidents: readonly Incident[],
  causes: readonly RootCause<T>[],
): { underCauses: IncidentRootCause<T>[]; rest: Incident[] } {
  const byIncident = new Map<string, RootCause<T>>();
  const byNode = new Map<string, RootCause<T>>();
  for (const cause of causes) {
    for (const member of cause.members) {
      const id = member.annotations?.incident;
      if (id && !byIncident.has(id)) byIncident.set(id, cause);
    }
    for (const node of cause.nodes) if (!byNode.has(node)) byNode.set(node, cause);
  }
  const grouped = new Map<RootCause<T>, Incident[]>(causes.map((cause) => [cause, []]));
  const rest: Incident[] = [];
  for (const incident of incidents) {
    const cause = byIncident.get(String(incident.id)) ?? incidentNodes(incident).map((node) => byNode.get(node)).find(Boolean);
    if (cause && incident.status !== "resolved") grouped.get(cause)?.push(incident);
    else rest.push(incident);
  }
  return { underCauses: causes.map((cause) => ({ cause, incidents: grouped.get(cause) ?? [] })).filter((entry) => entry.incidents.length > 0), rest };
}
