/**
 * What every native channel shares: the request an HTTP channel sends, the links a page carries
 * (in the order a person wants them) and the few text helpers bodies need. Pure.
 */
import type { z } from "zod";
import type { PageLinks, PageMessage, PageSeverity } from "../message";
import type { WebhookFormat, WebhookReceiver } from "../types";

/** One HTTP attempt: derived from the stored body, the receiver's URL, config and credentials. */
export type ChannelRequest = { url: string; headers: Record<string, string>; body: string };

type ChannelBase = {
  format: WebhookFormat;
  /** Non-secret settings, shown to every role. */
  config: z.ZodType<Record<string, unknown>>;
  /** Secrets, write-only: only their names are ever answered. */
  credentials: z.ZodType<Record<string, unknown>>;
  /** The API base the form proposes (the receiver's `url`), when the provider has one. */
  defaultUrl: string | null;
  /** Help for the URL field, one line. */
  urlHint: string;
  /**
   * What the outbox stores: built once at enqueue, every retry sends these bytes (plus what
   * `request` adds from the receiver's secrets, which never enter the stored body: the delivery
   * log shows it to every role).
   */
  body(message: PageMessage, receiver: WebhookReceiver): string;
};

export type HttpChannel = ChannelBase & { transport: "http"; request(stored: string, receiver: WebhookReceiver): ChannelRequest };
export type MailChannel = ChannelBase & { transport: "smtp" };
export type Channel = HttpChannel | MailChannel;

export type LinkName = keyof PageLinks;
export const LINK_LABELS: Record<LinkName, string> = { view: "Open in Vigil", acknowledge: "Acknowledge", resolve: "Resolve", approve: "Approve recovery", deny: "Deny recovery" };
/** Acting first, looking last: on a phone the first button is the one under the thumb. */
const LINK_ORDER: LinkName[] = ["acknowledge", "resolve", "approve", "deny", "view"];

export type NamedLink = { name: LinkName; label: string; url: string };

export function presentLinks(links: PageLinks): NamedLink[] {
  return LINK_ORDER.flatMap((name) => {
    const url = links[name];
    return url ? [{ name, label: LINK_LABELS[name], url }] : [];
  });
}

/** Cut to `max` characters (code units), ending in an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The receiver's URL without a trailing slash, so `${base}/v2/…` never doubles one. */
export function baseUrl(receiver: WebhookReceiver): string {
  return receiver.url.replace(/\/+$/, "");
}

export const SEVERITY_COLORS: Record<PageSeverity | "resolved" | "acknowledged", number> = {
  critical: 0xd50200,
  warning: 0xdaa038,
  info: 0x439fe0,
  resolved: 0x2eb886,
  acknowledged: 0x8e8e93,
};

export function colorOf(message: PageMessage): number {
  if (message.action === "resolve") return SEVERITY_COLORS.resolved;
  if (message.action === "acknowledge") return SEVERITY_COLORS.acknowledged;
  return SEVERITY_COLORS[message.severity];
}

/** Parses what a channel stored, as that channel wrote it. */
export function parseStored<T>(stored: string): T {
  return JSON.parse(stored) as T;
}

export const JSON_HEADERS = { "content-type": "application/json" } as const;
