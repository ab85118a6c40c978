/**
 * What callers below admin may not read: the secrets configured into outbound requests and
 * what the far end answered. Pure; the routes apply it when the principal is not an admin
 * (`hasRole(principal, "admin")`), the store always returns the full truth.
 *
 * - A URL keeps its scheme, host and port only: credentials, path (Slack, Discord, Teams
 *   webhook URLs carry their token in the path), query (`?token=`) and fragment go.
 * - Receiver header values go (`Authorization: Bearer …`); their names stay, to show they exist.
 * - A response body goes; so does any text a recovery hook answered and an outcome quotes
 *   (the interpreters in lib/recovery/hooks.ts put it between « and »).
 */
import type { AuditItem } from "../protocol/api/audit";
import type { ActionView, PlanView, RecoveryHookView, RecoveryStatus } from "../protocol/api/recovery";
import type { DeliveryView, ReceiverView } from "../protocol/api/alerts";
import { RESPONSE_QUOTE } from "../recovery/hooks";

/** Shown instead of what was taken out. */
export const HIDDEN = "hidden: admins only";
export const HIDDEN_HEADER_VALUE = "••••••";
const HIDDEN_QUOTE = `${RESPONSE_QUOTE.open}${HIDDEN}${RESPONSE_QUOTE.close}`;

/** `scheme://host[:port]/…`: nothing after the authority, no credentials. */
export function redactUrl(url: string): string {
  const text = url.trim();
  if (URL.canParse(text)) {
    const parsed = new URL(text);
    if (parsed.host !== "") {
      const nothingHidden = parsed.username === "" && parsed.password === "" && (parsed.pathname === "/" || parsed.pathname === "") && parsed.search === "" && parsed.hash === "";
      return `${parsed.protocol}//${parsed.host}/${nothingHidden ? "" : "…"}`;
    }
  }
  // Not a URL we can take apart: keep a scheme and host we can see, if any, never the rest.
  const authority = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#\s]*@)?([^/?#\s@]+)/i.exec(text);
  return authority ? `${authority[1].toLowerCase()}${authority[2]}/…` : "…";
}

/** A URL inside free text: a scheme, "://" and everything up to white space or a quote. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`«»]+/gi;
/** Punctuation that ends a sentence rather than the URL. */
const TRAILING = /[.,;:!?)\]}]+$/;

/** Every URL in `text` by its redacted form, and every quoted answer of an outside endpoint hidden. */
export function redactText(text: string): string {
  const withoutUrls = text.replace(URL_IN_TEXT, (match) => {
    const trailing = TRAILING.exec(match)?.[0] ?? "";
    // "[::1]" ends in a bracket that belongs to the URL: keep it when it closes an IPv6 host.
    const keep = trailing.startsWith("]") && /\[[0-9a-f:.]*$/i.test(match.slice(0, match.length - trailing.length)) ? 1 : 0;
    const url = match.slice(0, match.length - trailing.length + keep);
    return redactUrl(url) + trailing.slice(keep);
  });
  return redactResponseQuotes(withoutUrls);
}

/** Hides the «…» quotes of what an outside endpoint answered (see lib/recovery/hooks.ts). */
export function redactResponseQuotes(text: string): string {
  const { open, close } = RESPONSE_QUOTE;
  return text.replace(new RegExp(`${open}[^${close}]*(${close}|$)`, "g"), HIDDEN_QUOTE);
}

export function redactNullableText(text: string | null): string | null {
  return text === null ? null : redactText(text);
}

export function redactReceiver(view: ReceiverView): ReceiverView {
  const headers = Object.fromEntries(Object.keys(view.headers).map((name) => [name, HIDDEN_HEADER_VALUE]));
  return { ...view, url: redactUrl(view.url), headers, disabledReason: redactNullableText(view.disabledReason), redacted: true };
}

export function redactHook(view: RecoveryHookView): RecoveryHookView {
  return { ...view, url: redactUrl(view.url), redacted: true };
}

export function redactDelivery(view: DeliveryView): DeliveryView {
  return {
    ...view,
    lastError: redactNullableText(view.lastError),
    recentAttempts: view.recentAttempts.map((attempt) => ({ ...attempt, error: redactNullableText(attempt.error), responseBody: null })),
    redacted: true,
  };
}

export function redactAction(view: ActionView): ActionView {
  return { ...view, reason: redactText(view.reason), outcome: redactNullableText(view.outcome) };
}

function redactPlan(plan: PlanView): PlanView {
  return {
    ...plan,
    reason: redactText(plan.reason),
    actions: plan.actions.map((action) => ({ ...action, reason: redactText(action.reason), outcome: redactNullableText(action.outcome) })),
  };
}

export function redactRecoveryStatus(status: RecoveryStatus): RecoveryStatus {
  return { ...status, plans: status.plans.map(redactPlan) };
}

export function redactAuditItem(item: AuditItem): AuditItem {
  return { ...item, detail: redactNullableText(item.detail), outcome: redactText(item.outcome) };
}

/** `{ items }` lists redacted item by item. */
export function redactItems<T, L extends { items: T[] }>(list: L, redact: (item: T) => T): L {
  return { ...list, items: list.items.map(redact) };
}
