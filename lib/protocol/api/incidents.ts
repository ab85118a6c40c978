import { z } from "zod";
import { itemsOf, msSchema } from "./shared";

/** Incidents: `GET /api/v1/incidents`, `/incidents/{id}`, `POST /incidents/{id}/ack`. */

export const INCIDENT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export const incidentSeveritySchema = z.enum(["info", "warning", "critical"]);
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;

export const incidentViewSchema = z.object({
  id: z.number(),
  /** `<source>:<problem key>`, stable while the problem lasts. */
  key: z.string(),
  kind: z.string(),
  severity: incidentSeveritySchema,
  subject: z.string(),
  message: z.string(),
  detail: z.unknown(),
  status: incidentStatusSchema,
  openedAt: msSchema,
  updatedAt: msSchema,
  resolvedAt: msSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export const incidentEventViewSchema = z.object({ id: z.number(), at: msSchema, kind: z.string(), message: z.string() });
export type IncidentEventView = z.infer<typeof incidentEventViewSchema>;

export const incidentQuerySchema = z.object({
  status: incidentStatusSchema.optional(),
  subject: z.string().max(200).optional(),
  kind: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type IncidentQuery = z.infer<typeof incidentQuerySchema>;

export const incidentListSchema = itemsOf(incidentViewSchema);
export type IncidentList = z.infer<typeof incidentListSchema>;
export const incidentDetailSchema = z.object({ incident: incidentViewSchema, timeline: z.array(incidentEventViewSchema) });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
export const incidentAckSchema = z.object({ incident: incidentViewSchema });
