/**
 * ntfy: POST a JSON message to the server's root URL (https://ntfy.sh or your own), the topic in
 * the body; at most three "view" actions. An access token, when the topic needs one, goes in
 * `Authorization: Bearer` at send time.
 */
import { z } from "zod";
import type { PageMessage } from "../message";
import type { WebhookReceiver } from "../types";
import { clip, JSON_HEADERS, presentLinks, type HttpChannel } from "./common";

export const ntfyConfig = z.object({ topic: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64") });
export const ntfyCredentials = z.object({ token: z.string().trim().min(1).max(200).optional() });

export type NtfyMessage = {
  topic: string;
  title: string;
  message: string;
  priority: 1 | 2 | 3 | 4 | 5;
  tags: string[];
  click: string;
  actions: { action: "view"; label: string; url: string }[];
};

function priorityOf(message: PageMessage): NtfyMessage["priority"] {
  if (message.action !== "trigger") return 2;
  return message.severity === "critical" ? 5 : message.severity === "warning" ? 4 : 3;
}

function tagsOf(message: PageMessage): string[] {
  if (message.action === "resolve") return ["white_check_mark"];
  if (message.action === "acknowledge") return ["eyes"];
  return [message.severity === "critical" ? "rotating_light" : message.severity === "warning" ? "warning" : "information_source"];
}

export function ntfyMessage(message: PageMessage, receiver: WebhookReceiver): NtfyMessage {
  const { topic } = ntfyConfig.parse(receiver.config);
  return {
    topic,
    title: clip(message.title, 250),
    // ntfy turns messages over 4 KB into attachments.
    message: clip(message.body || message.title, 3_800),
    priority: priorityOf(message),
    tags: tagsOf(message),
    click: message.links.view,
    actions: presentLinks(message.links)
      .slice(0, 3)
      .map((link) => ({ action: "view", label: link.label, url: link.url })),
  };
}

export const ntfy: HttpChannel = {
  format: "ntfy",
  transport: "http",
  config: ntfyConfig,
  credentials: ntfyCredentials,
  defaultUrl: "https://ntfy.sh",
  urlHint: "The ntfy server's root URL (the topic goes in its own field).",
  body: (message, receiver) => JSON.stringify(ntfyMessage(message, receiver)),
  request(stored, receiver) {
    const { token } = ntfyCredentials.parse(receiver.credentials);
    return { url: receiver.url.replace(/\/+$/, "") || receiver.url, headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: stored };
  },
};
