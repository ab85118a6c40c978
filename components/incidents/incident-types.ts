import type { IncidentDetail, IncidentEventView, IncidentList, IncidentStatus, IncidentView } from "@/lib/protocol/api/incidents";

export type Incident = IncidentView;
export type IncidentEvent = IncidentEventView;
export type { IncidentStatus };
export type IncidentsResponse = IncidentList;
export type IncidentDetailResponse = IncidentDetail;

/** Mirrors INCIDENT_STATUSES in lib/protocol/api/incidents (a value import would bundle zod and the schemas). */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ["open", "acknowledged", "resolved"];

export function isIncidentStatus(value: string): value is IncidentStatus {
  return (INCIDENT_STATUSES as readonly string[]).includes(value);
}
