/**
 * E-mail over SMTP (the transport is mail-transport.ts, through nodemailer). The receiver's URL
 * names the server: `smtps://host:465` (TLS from the first byte) or `smtp://host:587` (STARTTLS,
 * required, unless config.security is "none"). The outbox stores the whole message as an
 * envelope (from, to, subject, text, html, thread headers) so every retry sends the same mail
 * to the same people; the SMTP password stays in the credentials.
 */
import { z } from "zod";
import type { PageMessage } from "../message";
import type { WebhookReceiver } from "../types";
import { clip, oneLine, presentLinks, type MailChannel } from "./common";

const address = z.string().trim().email().max(254);

export const emailConfig = z.object({
  from: address,
  /** Default recipients; a user's contact method (PageMessage.recipient) replaces them. */
  to: z.array(address).max(50).default([]),
  /** With smtp://: "starttls" (required, the default) or "none" (plain text; only on a trusted network). */
  security: z.enum(["starttls", "none"]).default("starttls"),
  /** A PEM certificate (or chain) to trust for this server: a private CA or a self-signed server. */
  tlsCa: z.string().max(20_000).optional(),
  /** Accept any certificate. Only for tests and lab servers: it lets anyone in the path read the mail. */
  allowSelfSigned: z.boolean().default(false),
});
export const emailCredentials = z.object({ username: z.string().max(254).optional(), password: z.string().max(1000).optional() });
export type EmailConfig = z.infer<typeof emailConfig>;
export type EmailCredentials = z.infer<typeof emailCredentials>;

export type MailEnvelope = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every message about one page shares these, so mail clients thread them. */
  headers: Record<string, string>;
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A Message-ID-shaped reference from the dedup key (only characters allowed in an id-left). */
export function threadId(dedupKey: string): string {
  return `<${dedupKey.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200)}@vigil.page>`;
}

export function mailEnvelope(message: PageMessage, receiver: WebhookReceiver): MailEnvelope {
  const config = emailConfig.parse(receiver.config);
  const links = presentLinks(message.links);
  const text = [message.body, "", ...links.map((link) => `${link.label}: ${link.url}`)].join("\n").trim();
  const html = [
    `<h2 style="font-family:sans-serif">${escapeHtml(message.title)}</h2>`,
    `<pre style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(message.body)}</pre>`,
    `<p style="font-family:sans-serif">${links.map((link) => `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`).join(" &middot; ")}</p>`,
  ].join("\n");
  const thread = threadId(message.dedupKey);
  return {
    from: config.from,
    to: message.recipient ? [message.recipient] : config.to,
    subject: clip(oneLine(message.title), 200),
    text,
    html,
    headers: { "In-Reply-To": thread, References: thread, "X-Vigil-Page": message.pageId, "X-Vigil-Action": message.action },
  };
}

export const email: MailChannel = {
  format: "email",
  transport: "smtp",
  config: emailConfig,
  credentials: emailCredentials,
  defaultUrl: null,
  urlHint: "smtp://host:587 (STARTTLS) or smtps://host:465 (TLS).",
  body: (message, receiver) => JSON.stringify(mailEnvelope(message, receiver)),
};

/** smtp://host:port or smtps://host:port, nothing else. */
export function parseSmtpUrl(url: string): { host: string; port: number; implicitTls: boolean } | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") return null;
  if (!parsed.hostname || (parsed.pathname !== "" && parsed.pathname !== "/") || parsed.username || parsed.search) return null;
  const implicitTls = parsed.protocol === "smtps:";
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), port: parsed.port ? Number(parsed.port) : implicitTls ? 465 : 587, implicitTls };
}
