/**
 * A `PageMessage` for a notification that is not (yet) a page: the receiver's own alert groups
 * and the "send test" button. Pure.
 */
import type { PageMessage, PageSeverity } from "./message";
import { renderPageText } from "./templates";
import type { Notification, WebhookReceiver } from "./types";

function severityOf(notification: Notification): PageSeverity {
  const values = notification.alerts.map((alert) => (alert.labels.severity ?? "").toLowerCase());
  if (values.some((value) => value === "critical" || value === "page" || value === "error" || value === "fatal")) return "critical";
  if (values.some((value) => value === "warning" || value === "warn")) return "warning";
  return "info";
}

export function messageForNotification(notification: Notification, receiver: WebhookReceiver, externalURL: string): PageMessage {
  const base = {
    action: notification.status === "resolved" ? ("resolve" as const) : ("trigger" as const),
    dedupKey: notification.groupKey,
    pageId: "",
    severity: severityOf(notification),
    links: { view: `${externalURL.replace(/\/+$/, "")}/alerts`, acknowledge: null, resolve: null, approve: null, deny: null },
    recovery: null,
    step: 1,
    recipient: null,
    notification,
  };
  const text = renderPageText({ format: receiver.format, titleTemplate: receiver.titleTemplate, bodyTemplate: receiver.bodyTemplate }, { ...base, receiverName: receiver.name, externalURL });
  return { ...base, title: text.title, body: text.body };
}
