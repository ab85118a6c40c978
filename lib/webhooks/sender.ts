/**
 * One HTTP POST of a webhook, through the outbound client (lib/net/outbound.ts: no internal
 * addresses unless allow-listed, one message for every failure without a status). The only
 * I/O in the delivery path besides the outbox; it never throws, every failure comes back as
 * data for the retry policy.
 */
import { outboundRequest, type OutboundOptions } from "../net/outbound";

/** Enough of an answer to show an operator why a receiver said no. */
export const RESPONSE_BODY_LIMIT = 2_048;

export type SendRequest = {
  url: string;
  /** Final headers: custom ones, signature, content type (see `deliveryHeaders`). */
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
};

export type SendResult = {
  /** HTTP status, or null when there was no response (refused, DNS, TLS, timeout, blocked). */
  status: number | null;
  latencyMs: number;
  /** At most RESPONSE_BODY_LIMIT bytes of the answer, decoded as UTF-8. */
  responseBody: string;
  /** The Retry-After header when the receiver sent one. */
  retryAfter: string | null;
  /** Why there was no response, as anyone may read it (the cause is in the server log). */
  error?: string;
  /** No response because the destination was refused before anything was sent. */
  blocked?: boolean;
};

export type Sender = (request: SendRequest) => Promise<SendResult>;

/** A sender with its own outbound options (tests: an allow-list, a resolver). */
export function createSender(options: OutboundOptions = {}): Sender {
  return async ({ url, headers, body, timeoutMs }) => {
    // Redirects are answers, never followed: a 301/302 would turn the POST into a GET, and its
    // Location could point inside.
    const result = await outboundRequest({ url, method: "POST", headers, body, timeoutMs, responseLimit: RESPONSE_BODY_LIMIT }, options);
    if (!result.ok) return { status: null, latencyMs: result.latencyMs, responseBody: "", retryAfter: null, error: result.error, blocked: result.blocked };
    return { status: result.status, latencyMs: result.latencyMs, responseBody: result.body, retryAfter: result.headers["retry-after"] ?? null };
  };
}

export const sendWebhook: Sender = createSender();
