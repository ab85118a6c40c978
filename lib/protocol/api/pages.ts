import { z } from "zod";
import { itemsOf, msSchema } from "./shared";

/**
 * Pages (issue #16): `GET /api/v1/pages`, `/pages/{id}`, `POST /pages/{id}/ack` and `/resolve`,
 * and the signed one-click links' `POST /api/v1/links/{token}` (docs/paging-links.md).
 */

export const PAGE_STATUSES = ["triggered", "acknowledged", "resolved"] as const;
export const pageStatusSchema = z.enum(PAGE_STATUSES);
export type PageStatusName = z.infer<typeof pageStatusSchema>;

export const pageRecoverySchema = z.object({
  kind: z.string(),
  state: z.string(),
  deadline: msSchema.nullable(),
  summary: z.string(),
  approvalActionId: z.string().nullable(),
  timeline: z.array(z.object({ step: z.string(), at: msSchema })),
});

export const pageViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: pageStatusSchema,
  /** "receiver" (a receiver's own page) or "policy" (an escalation policy's). */
  routeKind: z.string(),
  routeId: z.string(),
  /** The receiver's or policy's name; null once it was deleted. */
  routeName: z.string().nullable(),
  /** The worst severity among its firing alerts ("info" when none says). */
  severity: z.enum(["critical", "warning", "info"]),
  groupLabels: z.record(z.string(), z.string()),
  /** Escalation step, 1-based. */
  step: z.number().int(),
  cycle: z.number().int(),
  /** When the next step (or repeat) is due while nobody acknowledges; null when none is. */
  nextEscalationAt: msSchema.nullable(),
  /** Vigil's own recovery of the page's subject, which holds escalation until `heldUntil`. */
  recovery: pageRecoverySchema.nullable(),
  heldUntil: msSchema.nullable(),
  openedAt: msSchema,
  updatedAt: msSchema,
  acknowledgedAt: msSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: msSchema.nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  incidentId: z.number().int().nullable(),
});
export type PageView = z.infer<typeof pageViewSchema>;

export const pageEventViewSchema = z.object({ id: z.number(), at: msSchema, kind: z.string(), message: z.string(), actor: z.string() });
export type PageEventView = z.infer<typeof pageEventViewSchema>;

export const pageQuerySchema = z.object({
  /** A status, or "open" for triggered and acknowledged ones. */
  status: z.enum([...PAGE_STATUSES, "open"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Open pages first (triggered, then acknowledged), newest first within each; then resolved ones, newest first. */
export const pageListSchema = itemsOf(pageViewSchema);
export type PageList = z.infer<typeof pageListSchema>;

export const pageAlertSchema = z.object({
  status: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: msSchema,
});
export type PageAlert = z.infer<typeof pageAlertSchema>;

/** A page with the alerts it was last told about and its timeline, oldest event first. */
export const pageDetailSchema = z.object({ page: pageViewSchema, alerts: z.array(pageAlertSchema), events: z.array(pageEventViewSchema) });
export type PageDetail = z.infer<typeof pageDetailSchema>;

export const LINK_OUTCOMES = ["acknowledged", "resolved", "approved", "denied"] as const;
/** What a used link did. */
export const linkResultSchema = z.object({
  action: z.enum(["acknowledge", "resolve", "approve", "deny"]),
  target: z.string(),
  outcome: z.enum(LINK_OUTCOMES),
  message: z.string(),
});
export type LinkResult = z.infer<typeof linkResultSchema>;

/** Why a link page cannot act: told to the person in words, never the details of a failed signature. */
export const LINK_REFUSALS = ["invalid", "expired", "used"] as const;
export type LinkRefusalKind = (typeof LINK_REFUSALS)[number];

/** What the link page shows before anyone clicks (a GET never acts: scanners and unfurlers prefetch links). */
export type LinkPreview =
  | { state: "ready"; action: LinkResult["action"]; heading: string; subject: string; detail: string; current: string; actionable: boolean }
  | { state: LinkRefusalKind; message: string };
