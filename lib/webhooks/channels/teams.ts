/**
 * Microsoft Teams through an incoming webhook or a Workflows ("When a Teams webhook request is
 * received") URL: a message with one Adaptive Card 1.4, the links as Action.OpenUrl. The URL
 * itself is the secret (it carries the token), and is redacted below admin.
 */
import { z } from "zod";
import type { PageMessage } from "../message";
import { clip, JSON_HEADERS, presentLinks, type HttpChannel } from "./common";

export const teamsConfig = z.object({});
export const teamsCredentials = z.object({});

type TextBlock = { type: "TextBlock"; text: string; wrap: true; size?: "Large"; weight?: "Bolder"; color?: "Attention" | "Warning" | "Good" | "Accent" };

export type TeamsMessage = {
  type: "message";
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive";
      contentUrl: null;
      content: { $schema: string; type: "AdaptiveCard"; version: "1.4"; body: TextBlock[]; actions: { type: "Action.OpenUrl"; title: string; url: string }[] };
    },
  ];
};

function colorOf(message: PageMessage): TextBlock["color"] {
  if (message.action === "resolve") return "Good";
  if (message.action === "acknowledge") return "Accent";
  return message.severity === "critical" ? "Attention" : message.severity === "warning" ? "Warning" : "Accent";
}

export function teamsMessage(message: PageMessage): TeamsMessage {
  const body: TextBlock[] = [
    { type: "TextBlock", text: clip(message.title, 500), wrap: true, size: "Large", weight: "Bolder", color: colorOf(message) },
    // Teams' payload limit is about 28 KB; the body stays well under it.
    ...(message.body ? [{ type: "TextBlock" as const, text: clip(message.body, 12_000), wrap: true as const }] : []),
  ];
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: presentLinks(message.links).map((link) => ({ type: "Action.OpenUrl", title: link.label, url: link.url })),
        },
      },
    ],
  };
}

export const teams: HttpChannel = {
  format: "teams",
  transport: "http",
  config: teamsConfig,
  credentials: teamsCredentials,
  defaultUrl: null,
  urlHint: "The incoming-webhook or Workflows URL Teams gave you (it is the secret: hidden below admin).",
  body: (message) => JSON.stringify(teamsMessage(message)),
  request: (stored, receiver) => ({ url: receiver.url, headers: { ...JSON_HEADERS }, body: stored }),
};
