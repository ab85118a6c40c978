import { z } from "zod";
import { durationSchema } from "../../alerts/duration";
import { maintenanceWindowSchema, recurrenceSchema } from "../../alerts/maintenance";
import { matcherSchema } from "../../alerts/matchers";
import { receiverSchema } from "../../alerts/receivers";
import { alertRulesSchema } from "../../alerts/rules";
import { WEBHOOK_FORMATS } from "../../webhooks/types";
import { isoSchema, itemsOf, limitQuery, msSchema } from "./shared";

/**
 * Alerting: alerts, rules, silences, receivers and their deliveries, maintenance windows, and
 * the Alertmanager webhook Vigil accepts.
 */

// ---------- alerts ----------

export const alertQuerySchema = z.object({ status: z.enum(["firing", "resolved"]).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) });
export type AlertQuery = z.infer<typeof alertQuerySchema>;

export const alertViewSchema = z.object({
  /** Hash of the label set: the alert's identity. */
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: msSchema,
  endsAt: msSchema.nullable(),
  status: z.enum(["firing", "resolved"]),
  generatorURL: z.string().optional(),
  updatedAt: msSchema,
});
export type AlertView = z.infer<typeof alertViewSchema>;
export const alertListSchema = itemsOf(alertViewSchema);
export type AlertList = z.infer<typeof alertListSchema>;

// ---------- rules ----------

export { alertRulesSchema };
export const alertRulesResponseSchema = z.object({ rules: alertRulesSchema });

// ---------- receivers ----------

const headerNameSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, "header names are letters, digits and dashes");
const urlSchema = z
  .string()
  .url()
  .max(2000)
  .refine((url) => /^(https?|smtps?):\/\//i.test(url), "only http, https (webhooks, APIs), smtp or smtps (e-mail) URLs");
/** A channel's settings or secrets: checked against the format's schema by the store (lib/webhooks/channels). */
const channelSettingsSchema = z.record(z.string().max(100), z.unknown()).refine((value) => JSON.stringify(value).length <= 30_000, "at most 30 KB");
const templateSchema = z.string().max(4000).nullable();

export const newReceiverSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Optional only for a channel with a provider API (pagerduty, opsgenie, telegram, ntfy): its public base is the default. */
  url: urlSchema.optional(),
  format: z.enum(WEBHOOK_FORMATS).default("vigil"),
  groupBy: receiverSchema.shape.groupBy,
  groupWait: durationSchema.optional(),
  groupInterval: durationSchema.optional(),
  repeatInterval: durationSchema.optional(),
  sendResolved: z.boolean().optional(),
  severities: receiverSchema.shape.severities,
  matchers: receiverSchema.shape.matchers,
  headers: z
    .record(headerNameSchema, z.string().max(2000))
    .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
    .optional(),
  /** The channel's settings (e-mail from/to, ntfy topic, …), by format; see docs/channels.md. */
  config: channelSettingsSchema.optional(),
  /** The channel's secrets; write-only. On update, a key left out or empty keeps its stored value. */
  credentials: channelSettingsSchema.optional(),
  /** Title and body templates; null: the channel's default. */
  titleTemplate: templateSchema.optional(),
  bodyTemplate: templateSchema.optional(),
});
export type NewReceiver = z.infer<typeof newReceiverSchema>;
// Without the create defaults: a PATCH that leaves `format` or `groupBy` out keeps them (with the
// defaults, every PATCH reset them to "vigil" and ["alertname"], and a channel lost its secrets).
export const receiverUpdateSchema = newReceiverSchema
  .extend({ format: z.enum(WEBHOOK_FORMATS), groupBy: receiverSchema.shape.groupBy.unwrap() })
  .partial()
  .extend({ enabled: z.boolean().optional() });
export type ReceiverUpdate = z.infer<typeof receiverUpdateSchema>;

export const receiverViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  headers: z.record(z.string(), z.string()),
  config: z.record(z.string(), z.unknown()),
  /** Which secrets are set; their values are never answered, to any role. */
  credentialKeys: z.array(z.string()),
  titleTemplate: z.string().nullable(),
  bodyTemplate: z.string().nullable(),
  groupBy: z.array(z.string()),
  /** Milliseconds. */
  groupWait: z.number(),
  groupInterval: z.number(),
  repeatInterval: z.number(),
  sendResolved: z.boolean(),
  severities: z.array(z.string()).nullable(),
  matchers: z.array(matcherSchema).nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: isoSchema.nullable(),
  /** Only a prefix of each signing secret: the secret itself is answered once, on creation or rotation. */
  secrets: z.array(z.object({ prefix: z.string(), createdAt: msSchema, retiresAt: msSchema.nullable() })),
  createdAt: isoSchema,
  /** Below admin: the URL is `scheme://host[:port]/…` and header values are masked (lib/auth/redaction.ts). */
  redacted: z.boolean(),
});
export type ReceiverView = z.infer<typeof receiverViewSchema>;
export const receiverListSchema = itemsOf(receiverViewSchema);
export type ReceiverList = z.infer<typeof receiverListSchema>;
/** Answers the `whsec_` signing secret this once. */
export const createdReceiverSchema = receiverViewSchema.extend({ secret: z.string() });
export const rotatedSecretSchema = z.object({ secret: z.string(), receiver: receiverViewSchema });
export const testNotificationSchema = z.object({ webhookId: z.string() });
/** `POST /api/v1/receivers/preview`: a receiver's templates rendered over a sample page (lib/webhooks/templates.ts). */
export const receiverPreviewSchema = z.object({
  format: z.string().min(1).max(32),
  titleTemplate: z.string().max(20_000).nullable().default(null),
  bodyTemplate: z.string().max(20_000).nullable().default(null),
});
export type ReceiverPreview = z.infer<typeof receiverPreviewSchema>;
export const receiverPreviewResultSchema = z.object({
  title: z.string(),
  body: z.string(),
  /** Why a template was not used; the default text is shown (and would be sent) instead. */
  errors: z.array(z.string()),
  fields: z.array(z.object({ name: z.string(), type: z.string(), description: z.string(), example: z.string() })),
});
export type ReceiverPreviewResult = z.infer<typeof receiverPreviewResultSchema>;

// ---------- deliveries ----------

export const deliveryQuerySchema = z.object({
  receiverId: z.string().max(128).optional(),
  status: z.enum(["pending", "delivered", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type DeliveryQuery = z.infer<typeof deliveryQuerySchema>;

export const deliveryViewSchema = z.object({
  id: z.number(),
  webhookId: z.string(),
  receiverId: z.string(),
  groupKey: z.string(),
  seq: z.number(),
  /** pending, delivered or dead. */
  status: z.string(),
  attempts: z.number(),
  createdAt: msSchema,
  nextAttemptAt: msSchema,
  deliveredAt: msSchema.nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nullable(),
  /** The request body, cut at 4096 characters. */
  request: z.string(),
  recentAttempts: z.array(
    z.object({ at: msSchema, status: z.number().nullable(), latencyMs: z.number(), error: z.string().nullable(), responseBody: z.string().nullable() }),
  ),
  /** Below admin: the receivers' answers (`responseBody`) are left out (lib/auth/redaction.ts). */
  redacted: z.boolean(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;
export const deliveryListSchema = itemsOf(deliveryViewSchema);
export type DeliveryList = z.infer<typeof deliveryListSchema>;
export const redeliveredSchema = z.object({ id: z.number(), status: z.string() });

// ---------- silences and maintenance ----------

const instantSchema = z.union([z.number().int(), z.string().datetime()]);

export const newSilenceSchema = z.object({
  matchers: z.array(matcherSchema).min(1).max(32),
  /** Epoch milliseconds or an ISO timestamp; now when left out. */
  startsAt: instantSchema.optional(),
  endsAt: instantSchema,
  comment: z.string().trim().min(1).max(1000),
});
export type NewSilence = z.infer<typeof newSilenceSchema>;

/** `GET /api/v1/silences`: newest first, at most `limit`. */
export const silenceQuerySchema = limitQuery(1000, 500);
export const silenceStateSchema = z.enum(["pending", "active", "expired"]);
export const silenceViewSchema = z.object({
  id: z.string(),
  matchers: z.array(matcherSchema),
  startsAt: msSchema,
  endsAt: msSchema,
  createdBy: z.string(),
  comment: z.string(),
  state: silenceStateSchema,
});
export type SilenceView = z.infer<typeof silenceViewSchema>;
export const silenceListSchema = itemsOf(silenceViewSchema);
export type SilenceList = z.infer<typeof silenceListSchema>;

export const newMaintenanceSchema = z.object({
  target: z.union([z.object({ node: z.string().min(1).max(128) }), z.object({ group: z.string().min(1).max(128) })]),
  startsAt: instantSchema.optional(),
  /** Required for a one-off window; a recurring one without it recurs until ended. */
  endsAt: instantSchema.optional(),
  comment: z.string().trim().min(1).max(1000),
  /** Weekly or cron recurrence (docs/maintenance.md); null or absent: one-off. */
  recurrence: recurrenceSchema.nullable().optional(),
});
export type NewMaintenance = z.infer<typeof newMaintenanceSchema>;
export { maintenanceWindowSchema };
/** `GET /api/v1/maintenance`: newest first, at most `limit`. */
export const maintenanceQuerySchema = limitQuery(1000, 500);
export const maintenanceListSchema = itemsOf(maintenanceWindowSchema);

// ---------- Alertmanager ----------

const labelSetSchema = z.record(z.string().min(1).max(256), z.string().max(4096)).refine((l) => Object.keys(l).length <= 64, "at most 64 labels");

/** Alertmanager's webhook body (version 4), as Prometheus' Alertmanager sends it to us. */
export const alertmanagerWebhookSchema = z.object({
  version: z.string().max(8).optional(),
  status: z.enum(["firing", "resolved"]).optional(),
  receiver: z.string().max(256).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels: labelSetSchema,
        annotations: labelSetSchema.optional(),
        startsAt: z.string().datetime({ offset: true }),
        endsAt: z.string().optional(),
        generatorURL: z.string().max(2048).optional(),
        fingerprint: z.string().max(64).optional(),
      }),
    )
    .min(1)
    .max(1000),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
export const alertmanagerAcceptedSchema = z.object({ accepted: z.number() });
