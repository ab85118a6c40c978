/**
 * Webhook bodies. Pure: everything that varies (the delivery id, the creation time) comes in.
 * The body is built once, when the delivery is written to the outbox, and sent byte-identical
 * on every retry; only the signature headers are renewed per attempt.
 *
 * ## Vigil format (`format: "vigil"`), content type application/json
 *
 * ```jsonc
 * {
 *   "version": "1",                 // bumped only on incompatible changes
 *   "id": "msg_…",                  // equals the webhook-id header; the same on every retry
 *   "receiver": "ops-pager",        // receiver name
 *   "status": "firing",             // "firing" if any alert in the group fires, else "resolved"
 *   "reason": "new-alerts",         // why Vigil sent this notification
 *   "groupKey": "…",                // identifies the alert group for this receiver
 *   "seq": 7,                       // increases with every notification Vigil emits;
 *                                   // within a (receiver, group), deliveries arrive in seq order
 *   "groupLabels": { … },           // the labels the group is keyed by
 *   "commonLabels": { … },          // label pairs shared by every alert of the group
 *   "commonAnnotations": { … },     // annotation pairs shared by every alert of the group
 *   "truncatedAlerts": 0,           // alerts left out because the body holds at most 500
 *   "alerts": [{
 *     "fingerprint": "…",           // stable identity of the alert (its label set)
 *     "status": "firing",           // "firing" | "resolved"
 *     "labels": { … }, "annotations": { … },
 *     "startsAt": "2026-01-01T00:00:00.000Z",   // RFC 3339, UTC
 *     "endsAt": null,               // RFC 3339 once resolved, null while firing
 *     "generatorURL": "…" | null    // link to what raised it, when known
 *   }],
 *   "externalURL": "https://vigil.example", // this Vigil's base URL
 *   "sentAt": "…",                  // when Vigil emitted the notification (NOT the attempt:
 *                                   // that is webhook-timestamp); the same on every retry
 *   "page": {                       // the page this is about ("" id for a receiver's own)
 *     "id": "…", "action": "trigger", // trigger | acknowledge | resolve
 *     "step": 1,                    // escalation step
 *     "links": { "view": "…", "acknowledge": "…" | null, "resolve": …, "approve": …, "deny": … },
 *     "recovery": null | { "kind", "state", "deadline", "summary", "approvalActionId", "timeline" }
 *   }
 * }
 * ```
 *
 * With `truncatedAlerts > 0` the firing alerts are kept first; commonLabels/commonAnnotations
 * still describe the whole group.
 *
 * ## Alertmanager format (`format: "alertmanager"`)
 * Alertmanager's webhook payload, version "4", so existing consumers (PagerDuty/Opsgenie
 * bridges, alertmanager-discord, custom scripts) work unchanged. `endsAt` of a firing alert is
 * Go's zero time "0001-01-01T00:00:00Z", as Alertmanager sends it.
 *
 * ## Slack format (`format: "slack"`): see slack-format.ts.
 */
import { commonPairs, DEFAULT_MAX_ALERTS, rfc3339, sortedRecord, truncateAlerts, ZERO_TIME } from "./format-common";
import type { PageAction, PageLinks, PageRecovery } from "./message";
import { slackBody, type SlackMessage } from "./slack-format";
import type { AlertStatus, Notification, NotificationAlert, WebhookFormat } from "./types";

export type FormatContext = {
  receiverName: string;
  /** This Vigil's base URL, used for links back to it. */
  externalURL: string;
  /** The delivery's webhook-id (the Vigil body carries it). */
  id: string;
  /** When the notification was emitted (epoch ms). */
  createdAt: number;
  maxAlerts?: number;
  /** The page this notification belongs to (Vigil body: `page`). */
  page?: VigilPage;
  /** The page's links in the order to show them (Slack). */
  links?: { label: string; url: string }[];
};

/** `page` of the Vigil body: which page, what happened to it, and its signed one-click links (null: absent). */
export type VigilPage = { id: string; action: PageAction; step: number; links: PageLinks; recovery: PageRecovery | null };

export type VigilAlert = {
  fingerprint: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  generatorURL: string | null;
};

export type VigilBody = {
  version: "1";
  id: string;
  receiver: string;
  status: AlertStatus;
  reason: string;
  groupKey: string;
  seq: number;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  truncatedAlerts: number;
  alerts: VigilAlert[];
  externalURL: string;
  sentAt: string;
  page?: VigilPage;
};

export type AlertmanagerAlert = {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};

export type AlertmanagerBody = {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: AlertStatus;
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
};

export type WebhookBody = { format: WebhookFormat; contentType: "application/json"; body: string; truncatedAlerts: number };

/** A resolved alert's end; a firing one with an end set (a scheduled expiry) keeps none. */
function endOf(alert: NotificationAlert): string | null {
  if (alert.status === "firing" || alert.endsAt === null) return null;
  return rfc3339(alert.endsAt);
}

function groupCommons(notification: Notification) {
  return {
    commonLabels: commonPairs(notification.alerts.map((alert) => alert.labels)),
    commonAnnotations: commonPairs(notification.alerts.map((alert) => alert.annotations)),
  };
}

export function vigilBody(notification: Notification, context: FormatContext): VigilBody {
  const { alerts, truncatedAlerts } = truncateAlerts(notification.alerts, context.maxAlerts ?? DEFAULT_MAX_ALERTS);
  return {
    version: "1",
    id: context.id,
    receiver: context.receiverName,
    status: notification.status,
    reason: notification.reason,
    groupKey: notification.groupKey,
    seq: notification.seq,
    groupLabels: sortedRecord(notification.groupLabels),
    ...groupCommons(notification),
    truncatedAlerts,
    alerts: alerts.map((alert) => ({
      fingerprint: alert.fingerprint,
      status: alert.status,
      labels: sortedRecord(alert.labels),
      annotations: sortedRecord(alert.annotations),
      startsAt: rfc3339(alert.startsAt),
      endsAt: endOf(alert),
      generatorURL: alert.generatorURL ?? null,
    })),
    externalURL: context.externalURL,
    sentAt: rfc3339(context.createdAt),
    ...(context.page ? { page: context.page } : {}),
  };
}

export function alertmanagerBody(notification: Notification, context: FormatContext): AlertmanagerBody {
  const { alerts, truncatedAlerts } = truncateAlerts(notification.alerts, context.maxAlerts ?? DEFAULT_MAX_ALERTS);
  return {
    version: "4",
    groupKey: notification.groupKey,
    truncatedAlerts,
    status: notification.status,
    receiver: context.receiverName,
    groupLabels: sortedRecord(notification.groupLabels),
    ...groupCommons(notification),
    externalURL: context.externalURL,
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: sortedRecord(alert.labels),
      annotations: sortedRecord(alert.annotations),
      startsAt: rfc3339(alert.startsAt),
      endsAt: endOf(alert) ?? ZERO_TIME,
      // Alertmanager always sends the key, empty when Prometheus gave none.
      generatorURL: alert.generatorURL ?? "",
      fingerprint: alert.fingerprint,
    })),
  };
}

export function buildWebhookBody(format: WebhookFormat, notification: Notification, context: FormatContext): WebhookBody {
  const payload: VigilBody | AlertmanagerBody | SlackMessage =
    format === "alertmanager" ? alertmanagerBody(notification, context) : format === "slack" ? slackBody(notification, context) : vigilBody(notification, context);
  const { truncatedAlerts } = truncateAlerts(notification.alerts, context.maxAlerts ?? DEFAULT_MAX_ALERTS);
  return { format, contentType: "application/json", body: JSON.stringify(payload), truncatedAlerts };
}
