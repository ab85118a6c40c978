/**
 * Opsgenie Alert API v2 (base https://api.opsgenie.com, or api.eu.opsgenie.com): create on
 * trigger, then acknowledge and close by alias (the page's dedup key). The path depends on the
 * action, so the outbox stores an envelope {path, payload}; the GenieKey is added at send time.
 */
import { z } from "zod";
import type { PageMessage, PageSeverity } from "../message";
import type { WebhookReceiver } from "../types";
import { baseUrl, clip, JSON_HEADERS, oneLine, parseStored, presentLinks, type HttpChannel } from "./common";

export const opsgenieConfig = z.object({
  /** Extra tags on every alert. */
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  /** Overrides the priority derived from severity. */
  priority: z.enum(["P1", "P2", "P3", "P4", "P5"]).optional(),
});
export const opsgenieCredentials = z.object({ apiKey: z.string().trim().min(1).max(200) });

const PRIORITIES: Record<PageSeverity, "P1" | "P3" | "P5"> = { critical: "P1", warning: "P3", info: "P5" };
const SOURCE = "Vigil";

export type OpsgenieEnvelope = { path: string; payload: Record<string, unknown> };

export function opsgenieEnvelope(message: PageMessage, receiver: WebhookReceiver): OpsgenieEnvelope {
  // Opsgenie's alias is at most 512 characters.
  const alias = clip(message.dedupKey, 512);
  const byAlias = `/v2/alerts/${encodeURIComponent(alias)}`;
  if (message.action === "acknowledge") return { path: `${byAlias}/acknowledge?identifierType=alias`, payload: { source: SOURCE, note: clip(oneLine(message.title), 25_000) } };
  if (message.action === "resolve") return { path: `${byAlias}/close?identifierType=alias`, payload: { source: SOURCE, note: clip(oneLine(message.title), 25_000) } };
  const config = opsgenieConfig.parse(receiver.config);
  const links = presentLinks(message.links);
  const description = [message.body, "", ...links.map((link) => `${link.label}: ${link.url}`)].join("\n");
  // details values must be strings.
  const details: Record<string, string> = { pageId: message.pageId, step: String(message.step), ...Object.fromEntries(links.map((link) => [link.name, link.url])) };
  return {
    path: "/v2/alerts",
    payload: {
      message: clip(oneLine(message.title), 130),
      alias,
      description: clip(description, 15_000),
      priority: config.priority ?? PRIORITIES[message.severity],
      details,
      source: SOURCE,
      tags: [...new Set([message.severity, ...config.tags])],
    },
  };
}

export const opsgenie: HttpChannel = {
  format: "opsgenie",
  transport: "http",
  config: opsgenieConfig,
  credentials: opsgenieCredentials,
  defaultUrl: "https://api.opsgenie.com",
  urlHint: "The Alert API base: https://api.opsgenie.com, or https://api.eu.opsgenie.com for the EU instance.",
  body: (message, receiver) => JSON.stringify(opsgenieEnvelope(message, receiver)),
  request(stored, receiver) {
    const { apiKey } = opsgenieCredentials.parse(receiver.credentials);
    const envelope = parseStored<OpsgenieEnvelope>(stored);
    return { url: `${baseUrl(receiver)}${envelope.path}`, headers: { ...JSON_HEADERS, authorization: `GenieKey ${apiKey}` }, body: JSON.stringify(envelope.payload) };
  },
};
