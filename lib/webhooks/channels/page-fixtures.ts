/** Page messages and receivers for the channel tests. */
import { notification } from "../fixtures";
import type { PageAction, PageMessage } from "../message";
import type { WebhookFormat, WebhookReceiver } from "../types";

const LINK = "https://vigil.example/p/";

export function pageMessage(action: PageAction, overrides: Partial<PageMessage> = {}): PageMessage {
  const open = action !== "resolve";
  return {
    action,
    dedupKey: "vigil-page-42",
    pageId: "page-42",
    severity: "critical",
    title: "[CRITICAL] NodeDown <eu-1> & friends",
    body: "• node-a stopped sending heartbeats\n• node-b stopped sending heartbeats",
    links: {
      view: "https://vigil.example/pages/page-42",
      acknowledge: open ? `${LINK}ack-token` : null,
      resolve: open ? `${LINK}resolve-token` : null,
      approve: null,
      deny: null,
    },
    recovery: null,
    step: 1,
    recipient: null,
    notification: notification({ status: action === "resolve" ? "resolved" : "firing" }),
    ...overrides,
  };
}

export function channelReceiver(format: WebhookFormat, url: string, config: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}): WebhookReceiver {
  return { id: `rcv-${format}`, name: `${format}-pager`, url, format, headers: {}, secrets: [], enabled: true, config, credentials, titleTemplate: null, bodyTemplate: null };
}
