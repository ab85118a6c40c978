/**
 * What to do after a delivery attempt. Pure: the clock and the jitter come in as arguments.
 *
 * | outcome                                  | decision                                              |
 * |------------------------------------------|-------------------------------------------------------|
 * | 2xx                                      | delivered                                             |
 * | 410 Gone                                 | disable the receiver (it told us to stop)             |
 * | 429, or 503 with Retry-After             | retry at Retry-After (seconds or HTTP date), clamped  |
 * |                                          | to [minDelay, maxRetryAfter]; backoff without it      |
 * | 408, 5xx, network error, timeout         | retry with backoff                                    |
 * | other 4xx, 3xx (we do not follow         | retry with backoff while fewer than                   |
 * | redirects: a POST turned GET is a loss)  | `maxClientErrorAttempts` such answers, then dead-letter|
 *
 * Why 4xx is retried at all: in practice an Alertmanager-style consumer answering 4xx rejects
 * the payload (a bad template, a schema it does not know, a wrong token) and the same bytes
 * will be rejected again, so retrying for 24 h only delays the dead letter an operator needs
 * to see. But 404/401/403 also show up for a minute while a receiver is redeployed or a proxy
 * reloads, so a few spaced attempts (after up to 5 s, 10 s, 20 s by default) are cheap insurance.
 *
 * Backoff: full jitter, delay = max(minDelay, random × min(maxDelay, initialDelay × 2^(n-1)))
 * where n counts the attempts made so far; the floor keeps a zero draw from hot-looping.
 *
 * Giving up: a delivery is dead-lettered on the first retryable failure after it is
 * `giveUpAfterMs` old (default 24 h), so it is always tried for at least that long.
 *
 * Disabling a receiver for continuous failure: only when it has failed every attempt for
 * `disableAfterFailingMs` (default 24 h, the same as the give-up window) AND at least
 * `disableAfterConsecutiveFailures` attempts in a row. Not after 1 h: a disabled receiver gets
 * nothing until a human re-enables it, so disabling a pager that was down for 90 minutes
 * would lose every alert raised after it came back. Within the retry window nothing is lost;
 * after it, every delivery is dead-lettering anyway and disabling stops the pointless load.
 * 429 answers never count towards it (the receiver is alive, only busy).
 */
export type RetryPolicy = {
  initialDelayMs: number;
  maxDelayMs: number;
  minDelayMs: number;
  giveUpAfterMs: number;
  maxClientErrorAttempts: number;
  /** A Retry-After further away than this is cut down to it (a receiver asking for a day). */
  maxRetryAfterMs: number;
  disableAfterFailingMs: number;
  disableAfterConsecutiveFailures: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 5_000,
  maxDelayMs: 60 * 60_000,
  minDelayMs: 1_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  maxClientErrorAttempts: 4,
  maxRetryAfterMs: 60 * 60_000,
  disableAfterFailingMs: 24 * 60 * 60_000,
  disableAfterConsecutiveFailures: 10,
};

/** What one attempt produced, as far as the policy cares. */
export type AttemptOutcome = {
  /** HTTP status, or null when no response came (connection refused, DNS, TLS, timeout). */
  status: number | null;
  /** The Retry-After header, verbatim. */
  retryAfter?: string | null;
  error?: string;
};

export type OutcomeClass =
  | { kind: "success" }
  | { kind: "gone" }
  | { kind: "throttled"; retryAfter: string | null }
  | { kind: "transient"; reason: string }
  | { kind: "client-error"; reason: string };

export function classifyOutcome(outcome: AttemptOutcome): OutcomeClass {
  const { status } = outcome;
  if (status === null) return { kind: "transient", reason: outcome.error ?? "no response" };
  if (status >= 200 && status < 300) return { kind: "success" };
  if (status === 410) return { kind: "gone" };
  if (status === 429) return { kind: "throttled", retryAfter: outcome.retryAfter ?? null };
  if (status === 503 && outcome.retryAfter) return { kind: "throttled", retryAfter: outcome.retryAfter };
  if (status === 408 || status >= 500) return { kind: "transient", reason: `HTTP ${status}` };
  return { kind: "client-error", reason: `HTTP ${status}` };
}

/**
 * Milliseconds to wait as a Retry-After header asks (delta-seconds or an HTTP date), or null
 * when it is absent or unparseable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept things that look like an HTTP date; Date.parse is lenient with anything else.
  if (!/^[A-Za-z]{3},? /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The full-jitter delay before the next attempt; `attempts` counts those already made (≥ 1). */
export function backoffDelay(attempts: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^exponent overflows to Infinity for silly attempt counts; min() keeps that harmless.
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 60));
  const draw = Math.min(1, Math.max(0, random));
  return Math.max(policy.minDelayMs, Math.floor(draw * ceiling));
}

export type DeliveryState = {
  /** When the delivery was written to the outbox (epoch ms). */
  createdAt: number;
  /** Attempts made so far, including the one being judged. */
  attempts: number;
  /** Client-error (4xx/3xx) answers so far, excluding the one being judged. */
  clientErrors: number;
};

export type RetryDecision =
  | { kind: "delivered" }
  | { kind: "retry"; at: number; clientErrors: number; reason: string }
  | { kind: "dead-letter"; reason: string }
  | { kind: "disable-receiver"; reason: string; retryAt: number };

export function decideAfterAttempt(
  outcome: AttemptOutcome,
  delivery: DeliveryState,
  now: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const outcomeClass = classifyOutcome(outcome);
  if (outcomeClass.kind === "success") return { kind: "delivered" };
  const backoffAt = now + backoffDelay(delivery.attempts, random, policy);
  // The delivery stays pending behind a disabled receiver: re-enabling it resumes in order.
  if (outcomeClass.kind === "gone") return { kind: "disable-receiver", reason: "receiver answered 410 Gone", retryAt: backoffAt };
  const age = now - delivery.createdAt;
  const expired = age >= policy.giveUpAfterMs;
  const hours = (policy.giveUpAfterMs / 3_600_000).toFixed(0);

  if (outcomeClass.kind === "client-error") {
    const clientErrors = delivery.clientErrors + 1;
    if (clientErrors >= policy.maxClientErrorAttempts) {
      return { kind: "dead-letter", reason: `${outcomeClass.reason} on ${clientErrors} attempts: the receiver rejects this payload` };
    }
    if (expired) return { kind: "dead-letter", reason: `${outcomeClass.reason}; gave up after ${hours} h` };
    return { kind: "retry", at: backoffAt, clientErrors, reason: outcomeClass.reason };
  }

  const reason = outcomeClass.kind === "throttled" ? "HTTP 429/503 throttled" : outcomeClass.reason;
  if (expired) return { kind: "dead-letter", reason: `${reason}; gave up after ${hours} h and ${delivery.attempts} attempts` };
  if (outcomeClass.kind === "throttled") {
    const asked = parseRetryAfter(outcomeClass.retryAfter, now);
    if (asked !== null) {
      const delay = Math.min(policy.maxRetryAfterMs, Math.max(policy.minDelayMs, asked));
      return { kind: "retry", at: now + delay, clientErrors: delivery.clientErrors, reason: `${reason}, Retry-After ${outcomeClass.retryAfter}` };
    }
  }
  return { kind: "retry", at: backoffAt, clientErrors: delivery.clientErrors, reason };
}

/** A receiver's run of failures, kept by the dispatcher. */
export type ReceiverHealth = { failingSince: number | null; consecutiveFailures: number };

export const HEALTHY: ReceiverHealth = { failingSince: null, consecutiveFailures: 0 };

export type HealthVerdict = { health: ReceiverHealth; disable: string | null };

export function nextReceiverHealth(health: ReceiverHealth, outcome: AttemptOutcome, now: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): HealthVerdict {
  const outcomeClass = classifyOutcome(outcome);
  if (outcomeClass.kind === "success") return { health: HEALTHY, disable: null };
  if (outcomeClass.kind === "gone") return { health, disable: "receiver answered 410 Gone" };
  if (outcomeClass.kind === "throttled") return { health, disable: null };
  const next = { failingSince: health.failingSince ?? now, consecutiveFailures: health.consecutiveFailures + 1 };
  const failingFor = now - next.failingSince;
  if (failingFor < policy.disableAfterFailingMs || next.consecutiveFailures < policy.disableAfterConsecutiveFailures) return { health: next, disable: null };
  const hours = (failingFor / 3_600_000).toFixed(1);
  const last = outcomeClass.reason;
  return { health: next, disable: `every attempt failed for ${hours} h (${next.consecutiveFailures} in a row, last: ${last})` };
}
