/**
 * From a notification to an outbox row, and from a row to the headers of one attempt.
 * Pure except `newWebhookId` (random).
 */
import { randomUUID } from "node:crypto";
import { buildWebhookBody } from "./formats";
import type { Delivery } from "./outbox-port";
import { activeSecrets, signWebhook } from "./signing";
import type { Notification, WebhookReceiver } from "./types";

export const USER_AGENT = "Vigil-Webhooks/1";

/** Random rather than derived from (receiver, group, seq): a seq that restarts after lost state must not collide with an id receivers already deduplicated. */
export function newWebhookId(): string {
  return `msg_${randomUUID().replace(/-/g, "")}`;
}

export type NewDeliveryContext = {
  webhookId: string;
  now: number;
  externalURL: string;
  maxAlerts?: number;
};

/** The outbox row for one notification to one receiver, due at once. */
export function newDelivery(notification: Notification, receiver: WebhookReceiver, context: NewDeliveryContext): Delivery {
  const { body } = buildWebhookBody(receiver.format, notification, {
    receiverName: receiver.name,
    externalURL: context.externalURL,
    id: context.webhookId,
    createdAt: context.now,
    maxAlerts: context.maxAlerts,
  });
  return {
    webhookId: context.webhookId,
    receiverId: receiver.id,
    groupKey: notification.groupKey,
    seq: notification.seq,
    body,
    createdAt: context.now,
    nextAttemptAt: context.now,
    attempts: 0,
    clientErrors: 0,
    status: "pending",
  };
}

/** Headers we set; an operator's custom header of the same name (any case) is dropped, not merged. */
const RESERVED_HEADERS = new Set(["content-type", "content-length", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature", "host"]);

/** The headers of one attempt, signed at `now` with the receiver's currently active secrets. */
export function deliveryHeaders(receiver: WebhookReceiver, delivery: Delivery, now: number): Record<string, string> {
  const custom = Object.entries(receiver.headers).filter(([name]) => !RESERVED_HEADERS.has(name.toLowerCase()));
  const signature = signWebhook({ id: delivery.webhookId, timestamp: now, body: delivery.body, secrets: activeSecrets(receiver.secrets, now) });
  return { ...Object.fromEntries(custom), "content-type": "application/json", "user-agent": USER_AGENT, ...signature };
}
