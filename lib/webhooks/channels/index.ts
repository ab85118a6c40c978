/**
 * The native channels by format. vigil, alertmanager and slack are not here: they are signed
 * webhooks built by formats.ts and slack-format.ts.
 */
import type { WebhookFormat } from "../types";
import type { Channel } from "./common";
import { discord } from "./discord";
import { email } from "./email";
import { ntfy } from "./ntfy";
import { opsgenie } from "./opsgenie";
import { pagerduty } from "./pagerduty";
import { teams } from "./teams";
import { telegram } from "./telegram";

export const CHANNELS = { email, pagerduty, opsgenie, telegram, teams, discord, ntfy } as const satisfies Partial<Record<WebhookFormat, Channel>>;
export type ChannelFormat = keyof typeof CHANNELS;

export function channelFor(format: WebhookFormat): Channel | null {
  return format in CHANNELS ? CHANNELS[format as ChannelFormat] : null;
}

export type ChannelSettingsCheck = { ok: true; config: Record<string, unknown>; credentials: Record<string, unknown> } | { ok: false; error: string };

/** A receiver's config and credentials as its format needs them (the webhook formats take none). */
export function checkChannelSettings(format: WebhookFormat, config: unknown, credentials: unknown): ChannelSettingsCheck {
  const channel = channelFor(format);
  if (!channel) return { ok: true, config: {}, credentials: {} };
  const checkedConfig = channel.config.safeParse(config ?? {});
  if (!checkedConfig.success) return { ok: false, error: `config: ${checkedConfig.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}` };
  const checkedCredentials = channel.credentials.safeParse(credentials ?? {});
  if (!checkedCredentials.success) return { ok: false, error: `credentials: ${checkedCredentials.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}` };
  return { ok: true, config: checkedConfig.data, credentials: checkedCredentials.data };
}

export { presentLinks, type Channel, type ChannelRequest, type HttpChannel, type MailChannel } from "./common";
export { parseSmtpUrl, type MailEnvelope } from "./email";
