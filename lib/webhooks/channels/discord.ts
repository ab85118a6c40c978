/**
 * Discord webhook: one embed (title ≤ 256, description ≤ 4096) with the links as Markdown
 * inside the description (webhook messages cannot carry link buttons). Mentions are disabled:
 * a label value like "@everyone" must not ping a server.
 */
import { z } from "zod";
import type { PageMessage } from "../message";
import { clip, colorOf, JSON_HEADERS, presentLinks, type HttpChannel } from "./common";

export const discordConfig = z.object({
  /** Plain text above the embed, e.g. a role mention "<@&123>" (only this one is allowed to ping). */
  content: z.string().max(2000).optional(),
});
export const discordCredentials = z.object({});

export type DiscordMessage = {
  content?: string;
  allowed_mentions: { parse: []; roles?: string[] };
  embeds: [{ title: string; description: string; color: number; url: string; fields: { name: string; value: string; inline: boolean }[] }];
};

/** Markdown link text may not hold brackets; a URL may not hold a closing parenthesis. */
function markdownLink(label: string, url: string): string {
  return `[${label.replace(/[[\]]/g, "")}](${url.replace(/\)/g, "%29")})`;
}

export function discordMessage(message: PageMessage, config: z.infer<typeof discordConfig>): DiscordMessage {
  const links = presentLinks(message.links)
    .map((link) => markdownLink(link.label, link.url))
    .join(" · ");
  // The links always fit: the body is cut first.
  const room = 4096 - links.length - 2;
  const description = links ? `${clip(message.body, Math.max(0, room))}\n\n${links}`.trimStart() : clip(message.body, 4096);
  const roles = [...(config.content ?? "").matchAll(/<@&(\d+)>/g)].map((match) => match[1]);
  return {
    ...(config.content ? { content: config.content } : {}),
    allowed_mentions: { parse: [], ...(roles.length ? { roles } : {}) },
    embeds: [
      {
        title: clip(message.title, 256),
        description,
        color: colorOf(message),
        url: message.links.view,
        fields: [
          { name: "Severity", value: message.severity, inline: true },
          { name: "Step", value: String(message.step), inline: true },
          ...(message.recovery ? [{ name: "Recovery", value: clip(`${message.recovery.kind}: ${message.recovery.state}`, 1024), inline: true }] : []),
        ],
      },
    ],
  };
}

export const discord: HttpChannel = {
  format: "discord",
  transport: "http",
  config: discordConfig,
  credentials: discordCredentials,
  defaultUrl: null,
  urlHint: "The channel's webhook URL (Server settings → Integrations → Webhooks); hidden below admin.",
  body: (message, receiver) => JSON.stringify(discordMessage(message, discordConfig.parse(receiver.config))),
  request: (stored, receiver) => ({ url: receiver.url, headers: { ...JSON_HEADERS }, body: stored }),
};
