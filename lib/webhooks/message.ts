/**
 * What a page says, before a channel shapes it: the contract between the paging engine (which
 * decides who is told what, and when), the templates (title and body text) and the channels
 * (PagerDuty, e-mail, Telegram, …), each of which turns a `PageMessage` into the bytes one
 * delivery sends. Pure data.
 */
import type { Notification } from "./types";

/**
 * What happened to the page this message is about. Channels with their own incident life
 * (PagerDuty, Opsgenie) map it to their actions under `dedupKey`; chat and e-mail say it in words.
 * - `trigger`: a new page, an escalation, or a repeat while it stays unacknowledged;
 * - `acknowledge`: someone took it (stops escalation and repeats);
 * - `resolve`: the alerts resolved, recovery fixed it, or someone resolved it.
 */
export const PAGE_ACTIONS = ["trigger", "acknowledge", "resolve"] as const;
export type PageAction = (typeof PAGE_ACTIONS)[number];

export type PageSeverity = "critical" | "warning" | "info";

/**
 * Signed one-click links (null where the action does not apply or the page is over). Each is an
 * absolute URL under this Vigil's external URL, works once, expires, and needs no login.
 */
export type PageLinks = {
  /** The page in Vigil (login required). */
  view: string;
  acknowledge: string | null;
  resolve: string | null;
  /** For a recovery action waiting in approval mode. */
  approve: string | null;
  deny: string | null;
};

/** The guarded recovery Vigil runs (or ran) for the page's subject. */
export type PageRecovery = {
  /** "failover", "restart", "switchover", … (the recovery plan's kind). */
  kind: string;
  /** "running" | "succeeded" | "failed" | "blocked" | "escalated". */
  state: string;
  /** Escalation is held until then while it runs (epoch ms). */
  deadline: number | null;
  summary: string;
  /** The action a person must approve or deny (approval mode), when one waits. */
  approvalActionId: string | null;
  /** detection → confirmation → promotion → first write (the steps it has reached). */
  timeline: { step: string; at: number }[];
};

export type PageMessage = {
  action: PageAction;
  /** Stable for the page's whole life: PagerDuty's dedup_key, Opsgenie's alias, an e-mail thread. */
  dedupKey: string;
  pageId: string;
  severity: PageSeverity;
  /** Rendered (the receiver's template or the channel's default); plain text, one line. */
  title: string;
  /** Rendered; plain text with line breaks (chat channels may read it as Markdown). */
  body: string;
  links: PageLinks;
  recovery: PageRecovery | null;
  /** Escalation step (1-based) and cycle of a policy's page; 1 and 0 for a receiver's own. */
  step: number;
  /**
   * For a user's contact method: the address this receiver pages instead of its own (an e-mail
   * address through an e-mail receiver's SMTP settings); null: the receiver's configured target.
   */
  recipient: string | null;
  /** The alert group as the router emitted it (labels, annotations, alerts). */
  notification: Notification;
};
