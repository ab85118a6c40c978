import type { IncidentEventView, IncidentStatus, IncidentView } from "@/lib/store/incidents";

export type Incident = IncidentView;
export type IncidentEvent = IncidentEventView;
export type { IncidentStatus };
export type IncidentsResponse = { items: IncidentView[] };
export type IncidentDetailResponse = { incident: IncidentView; timeline: IncidentEventView[] };

/** Mirrors INCIDENT_STATUSES in lib/store/incidents (a value import would bundle server code). */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ["open", "acknowledged", "resolved"];

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (INCIDENT_STATUSES as readonly string[]).includes(value);
}
