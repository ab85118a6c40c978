/**
 * The shapes the webhook module works on. The notification types mirror what `lib/alerts`
 * produces; they are declared here rather than imported so that webhooks depend only on the
 * data, not on the alerting module (and so each side can be built and tested alone).
 */

/**
 * A point in time as the alerting side may hand it over: epoch milliseconds (how AlertState
 * stores it), an RFC 3339 string, or a Date. Formats normalise it to RFC 3339.
 */
export type Instant = number | string | Date;

export type AlertStatus = "firing" | "resolved";

export type NotificationAlert = {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Instant;
  endsAt: Instant | null;
  status: AlertStatus;
  generatorURL?: string;
};

export type Notification = {
  receiverId: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: NotificationAlert[];
  status: AlertStatus;
  /** Why this notification was emitted (new alerts, resolved, repeat interval, ...). */
  reason: string;
  /** Position of this notification within its (receiver, group): deliveries keep this order. */
  seq: number;
};

/** vigil, alertmanager and slack are signed webhooks (formats.ts); the rest are native channels (channels/). */
export const WEBHOOK_FORMATS = ["vigil", "alertmanager", "slack", "email", "pagerduty", "opsgenie", "telegram", "teams", "discord", "ntfy"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** One signing secret of a receiver; during rotation the old one has a `retiresAt`. */
export type SigningSecret = { secret: string; createdAt: number; retiresAt: number | null };

/** A webhook receiver: where and how to deliver (one row of `Receiver`). */
export type WebhookReceiver = {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  /** Extra headers an operator configured (auth tokens, routing keys). */
  headers: Record<string, string>;
  secrets: SigningSecret[];
  enabled: boolean;
  /** Per-request timeout; the dispatcher's default applies when absent. */
  timeoutMs?: number;
  /** The channel's settings (channels/<format>.ts validates them); never secret. */
  config: Record<string, unknown>;
  /** The channel's secrets (tokens, keys, SMTP password); admin only, added to the request at send time. */
  credentials: Record<string, unknown>;
  /** Templates of the title and body (templates.ts); null: the channel's default text. */
  titleTemplate: string | null;
  bodyTemplate: string | null;
};
