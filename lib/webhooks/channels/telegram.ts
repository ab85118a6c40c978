/**
 * Telegram Bot API: POST {base}/bot<token>/sendMessage with HTML text (only &, < and > need
 * escaping there) and the signed links as URL buttons. The token is in the path, added at send
 * time.
 */
import { z } from "zod";
import type { PageMessage } from "../message";
import type { WebhookReceiver } from "../types";
import { baseUrl, clip, JSON_HEADERS, presentLinks, type HttpChannel } from "./common";

export const telegramConfig = z.object({
  /** A numeric chat id (groups are negative) or @channelusername. */
  chatId: z.string().trim().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, "a numeric chat id or @channel"),
});
export const telegramCredentials = z.object({ botToken: z.string().trim().regex(/^\d+:[A-Za-z0-9_-]+$/, "a bot token like 123456:ABC-…") });

/** Telegram's sendMessage limit, after entity parsing; escaping only grows the source. */
const MAX_TEXT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export type TelegramMessage = {
  chat_id: string;
  text: string;
  parse_mode: "HTML";
  disable_web_page_preview: true;
  reply_markup?: { inline_keyboard: { text: string; url: string }[][] };
};

export function telegramMessage(message: PageMessage, receiver: WebhookReceiver): TelegramMessage {
  const { chatId } = telegramConfig.parse(receiver.config);
  const title = `<b>${escapeHtml(clip(message.title, 300))}</b>`;
  // Clip before escaping so an entity is never cut in half.
  const body = escapeHtml(clip(message.body, MAX_TEXT - 400 - 300));
  const buttons = presentLinks(message.links).map((link) => ({ text: link.label, url: link.url }));
  return {
    chat_id: chatId,
    text: body ? `${title}\n\n${body}` : title,
    parse_mode: "HTML",
    disable_web_page_preview: true,
    ...(buttons.length ? { reply_markup: { inline_keyboard: [buttons] } } : {}),
  };
}

export const telegram: HttpChannel = {
  format: "telegram",
  transport: "http",
  config: telegramConfig,
  credentials: telegramCredentials,
  defaultUrl: "https://api.telegram.org",
  urlHint: "The Bot API base; Telegram's own unless you run a local Bot API server.",
  body: (message, receiver) => JSON.stringify(telegramMessage(message, receiver)),
  request(stored, receiver) {
    const { botToken } = telegramCredentials.parse(receiver.credentials);
    return { url: `${baseUrl(receiver)}/bot${botToken}/sendMessage`, headers: { ...JSON_HEADERS }, body: stored };
  },
};
