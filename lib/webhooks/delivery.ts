/**
 * From a page message to an outbox row, and from a row to the headers of one attempt.
 * Pure except `newWebhookId` (random).
 */
import { randomUUID } from "node:crypto";
import { channelFor, presentLinks } from "./channels";
import { buildWebhookBody } from "./formats";
import type { PageMessage } from "./message";
import type { Delivery } from "./outbox-port";
import { activeSecrets, signWebhook } from "./signing";
import type { WebhookReceiver } from "./types";

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

/** The body the outbox keeps: a native channel's, or a signed webhook's (with the page in it). */
function deliveryBody(message: PageMessage, receiver: WebhookReceiver, context: NewDeliveryContext): string {
  const channel = channelFor(receiver.format);
  if (channel) return channel.body(message, receiver);
  return buildWebhookBody(receiver.format, message.notification, {
    receiverName: receiver.name,
    externalURL: context.externalURL,
    id: context.webhookId,
    createdAt: context.now,
    maxAlerts: context.maxAlerts,
    page: { id: message.pageId, action: message.action, step: message.step, links: message.links, recovery: message.recovery },
    links: presentLinks(message.links).map((link) => ({ label: link.label, url: link.url })),
  }).body;
}

/** The outbox row for one message to one receiver, due at once. */
export function newDelivery(message: PageMessage, receiver: WebhookReceiver, context: NewDeliveryContext): Delivery {
  return {
    webhookId: context.webhookId,
    receiverId: receiver.id,
    groupKey: message.notification.groupKey,
    seq: message.notification.seq,
    body: deliveryBody(message, receiver, context),
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

/**
 * The headers of a native channel's attempt: the operator's custom ones (a proxy's auth, say),
 * then ours and the channel's, which win. No Standard Webhooks signature: providers do not read it.
 */
export function channelHeaders(receiver: WebhookReceiver, headers: Record<string, string>): Record<string, string> {
  const own = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const custom = Object.entries(receiver.headers).filter(([name]) => !RESERVED_HEADERS.has(name.toLowerCase()) && !own.has(name.toLowerCase()) && name.toLowerCase() !== "authorization");
  return { ...Object.fromEntries(custom), "user-agent": USER_AGENT, ...headers };
}
