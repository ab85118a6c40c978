/**
 * PagerDuty Events API v2: POST {base}/v2/enqueue. One incident per page under `dedup_key`;
 * acknowledge and resolve carry only routing_key, dedup_key and event_action (the API ignores
 * anything else on them). The routing key is added at send time, never stored in the body.
 */
import { z } from "zod";
import type { PageMessage, PageSeverity } from "../message";
import type { WebhookReceiver } from "../types";
import { baseUrl, clip, JSON_HEADERS, oneLine, parseStored, presentLinks, type HttpChannel } from "./common";

export const pagerdutyConfig = z.object({
  /** payload.source; default: the host of this Vigil's external URL. */
  source: z.string().trim().max(255).optional(),
});
export const pagerdutyCredentials = z.object({ routingKey: z.string().trim().min(1).max(128) });

export const PAGERDUTY_SEVERITIES = { critical: "critical", warning: "warning", info: "info" } as const satisfies Record<PageSeverity, "critical" | "error" | "warning" | "info">;

export type PagerDutyEvent = {
  event_action: "trigger" | "acknowledge" | "resolve";
  dedup_key: string;
  payload?: { summary: string; source: string; severity: "critical" | "error" | "warning" | "info"; custom_details: Record<string, unknown> };
  links?: { href: string; text: string }[];
};

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : "vigil";
}

export function pagerdutyEvent(message: PageMessage, receiver: WebhookReceiver): PagerDutyEvent {
  if (message.action !== "trigger") return { event_action: message.action, dedup_key: message.dedupKey };
  const config = pagerdutyConfig.parse(receiver.config);
  return {
    event_action: "trigger",
    dedup_key: message.dedupKey,
    payload: {
      summary: clip(oneLine(message.title), 1024),
      source: config.source || hostOf(message.links.view),
      severity: PAGERDUTY_SEVERITIES[message.severity],
      custom_details: {
        body: message.body,
        page_id: message.pageId,
        step: message.step,
        group_labels: message.notification.groupLabels,
        alerts: message.notification.alerts.length,
        ...(message.recovery ? { recovery: `${message.recovery.kind}: ${message.recovery.state} — ${message.recovery.summary}` } : {}),
      },
    },
    links: presentLinks(message.links).map((link) => ({ href: link.url, text: link.label })),
  };
}

export const pagerduty: HttpChannel = {
  format: "pagerduty",
  transport: "http",
  config: pagerdutyConfig,
  credentials: pagerdutyCredentials,
  defaultUrl: "https://events.pagerduty.com",
  urlHint: "The Events API base; PagerDuty's own unless you proxy it.",
  body: (message, receiver) => JSON.stringify(pagerdutyEvent(message, receiver)),
  request(stored, receiver) {
    const { routingKey } = pagerdutyCredentials.parse(receiver.credentials);
    // routing_key first, as PagerDuty documents it; the rest exactly as stored.
    return { url: `${baseUrl(receiver)}/v2/enqueue`, headers: { ...JSON_HEADERS }, body: JSON.stringify({ routing_key: routingKey, ...parseStored<PagerDutyEvent>(stored) }) };
  },
};
