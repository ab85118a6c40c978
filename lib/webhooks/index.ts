export { newWebhookSecret, signWebhook, verifyWebhook, activeSecrets, secretKey, SECRET_PREFIX, type WebhookSignatureHeaders, type SignInput, type VerifyInput, type VerifyResult } from "./signing";
export { buildWebhookBody, vigilBody, alertmanagerBody, type FormatContext, type VigilBody, type VigilAlert, type AlertmanagerBody, type AlertmanagerAlert, type WebhookBody } from "./formats";
export { slackBody, slackColor, SLACK_COLORS, type SlackMessage, type SlackAttachment } from "./slack-format";
export { DEFAULT_MAX_ALERTS, ZERO_TIME } from "./format-common";
export {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyOutcome,
  decideAfterAttempt,
  nextReceiverHealth,
  parseRetryAfter,
  type RetryPolicy,
  type RetryDecision,
  type AttemptOutcome,
  type ReceiverHealth,
} from "./retry-policy";
export { createSender, sendWebhook, RESPONSE_BODY_LIMIT, type SendRequest, type SendResult, type Sender } from "./sender";
export { newDelivery, newWebhookId, deliveryHeaders, channelHeaders, type NewDeliveryContext } from "./delivery";
export { messageForNotification } from "./message-defaults";
export { createMailSender, sendMail, type MailSender, type MailRequest } from "./mail-transport";
export { CHANNELS, channelFor, checkChannelSettings, type Channel, type ChannelFormat, type ChannelRequest } from "./channels";
export { createDispatcher, type DispatcherOptions, type DispatcherEvent, type WebhookDispatcher } from "./dispatcher";
export { createMemoryOutbox, type MemoryOutbox, type StoredDelivery, type StoredReceiver } from "./memory-outbox";
export type { OutboxPort, Delivery, DeliveryStatus, ClaimedDelivery, ClaimRequest, AttemptRecord } from "./outbox-port";
export { WEBHOOK_FORMATS, type Notification, type NotificationAlert, type WebhookReceiver, type WebhookFormat, type SigningSecret, type Instant, type AlertStatus } from "./types";
