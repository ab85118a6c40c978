import assert from "node:assert/strict";
import { test } from "node:test";
import {
  backoffDelay,
  classifyOutcome,
  decideAfterAttempt,
  DEFAULT_RETRY_POLICY as policy,
  HEALTHY,
  nextReceiverHealth,
  parseRetryAfter,
  type AttemptOutcome,
  type ReceiverHealth,
} from "./retry-policy";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const HOUR = 3_600_000;
const fresh = { createdAt: NOW - 1_000, attempts: 1, clientErrors: 0 };

test("classification table", () => {
  const table: [AttemptOutcome, string][] = [
    [{ status: 200 }, "success"],
    [{ status: 204 }, "success"],
    [{ status: 410 }, "gone"],
    [{ status: 429 }, "throttled"],
    [{ status: 503, retryAfter: "30" }, "throttled"],
    [{ status: 503 }, "transient"],
    [{ status: 500 }, "transient"],
    [{ status: 502 }, "transient"],
    [{ status: 408 }, "transient"],
    [{ status: null, error: "ECONNREFUSED" }, "transient"],
    [{ status: null, error: "timeout" }, "transient"],
    [{ status: 400 }, "client-error"],
    [{ status: 401 }, "client-error"],
    [{ status: 404 }, "client-error"],
    [{ status: 413 }, "client-error"],
    [{ status: 302 }, "client-error"],
  ];
  for (const [outcome, kind] of table) assert.equal(classifyOutcome(outcome).kind, kind, JSON.stringify(outcome));
});

test("decision table for a fresh delivery", () => {
  const table: [AttemptOutcome, string][] = [
    [{ status: 200 }, "delivered"],
    [{ status: 410 }, "disable-receiver"],
    [{ status: 429, retryAfter: "120" }, "retry"],
    [{ status: 500 }, "retry"],
    [{ status: null, error: "ECONNREFUSED" }, "retry"],
    [{ status: 400 }, "retry"],
  ];
  for (const [outcome, kind] of table) assert.equal(decideAfterAttempt(outcome, fresh, NOW, 0.5).kind, kind, JSON.stringify(outcome));
});

test("backoff doubles from 5 s, is capped at 1 h, and jitter scales it down (never below the floor)", () => {
  const ceilings = [1, 2, 3, 4, 5, 10, 11, 12, 13, 20, 1_000].map((attempts) => backoffDelay(attempts, 1, policy));
  assert.deepEqual(ceilings, [5_000, 10_000, 20_000, 40_000, 80_000, 2_560_000, HOUR, HOUR, HOUR, HOUR, HOUR]);
  assert.equal(backoffDelay(3, 0.5, policy), 10_000);
  assert.equal(backoffDelay(3, 0, policy), policy.minDelayMs);
  assert.equal(backoffDelay(30, 0.25, policy), HOUR / 4);
  const retry = decideAfterAttempt({ status: 503 }, { ...fresh, attempts: 4 }, NOW, 0.5);
  assert.deepEqual(retry.kind === "retry" && retry.at - NOW, 20_000);
});

test("429 Retry-After is honoured in seconds and as an HTTP date, and bounded", () => {
  const inSeconds = decideAfterAttempt({ status: 429, retryAfter: "120" }, fresh, NOW, 0);
  assert.equal(inSeconds.kind === "retry" && inSeconds.at, NOW + 120_000);
  const date = new Date(NOW + 90_000).toUTCString();
  const asDate = decideAfterAttempt({ status: 429, retryAfter: date }, fresh, NOW, 0.9);
  assert.equal(asDate.kind === "retry" && asDate.at, NOW + 90_000);
  const greedy = decideAfterAttempt({ status: 429, retryAfter: String(7 * 24 * 3600) }, fresh, NOW, 0);
  assert.equal(greedy.kind === "retry" && greedy.at, NOW + policy.maxRetryAfterMs);
  const zero = decideAfterAttempt({ status: 429, retryAfter: "0" }, fresh, NOW, 0);
  assert.equal(zero.kind === "retry" && zero.at, NOW + policy.minDelayMs);
  const without = decideAfterAttempt({ status: 429 }, { ...fresh, attempts: 2 }, NOW, 1);
  assert.equal(without.kind === "retry" && without.at, NOW + 10_000);
  const unavailable = decideAfterAttempt({ status: 503, retryAfter: "45" }, fresh, NOW, 0);
  assert.equal(unavailable.kind === "retry" && unavailable.at, NOW + 45_000);
});

test("Retry-After parsing", () => {
  assert.equal(parseRetryAfter("30", NOW), 30_000);
  assert.equal(parseRetryAfter(" 5 ", NOW), 5_000);
  assert.equal(parseRetryAfter("Sun, 01 Mar 2026 12:01:00 GMT", NOW), 60_000);
  assert.equal(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW), 0);
  assert.equal(parseRetryAfter("-1", NOW), null);
  assert.equal(parseRetryAfter("1.5", NOW), null);
  assert.equal(parseRetryAfter("soon", NOW), null);
  assert.equal(parseRetryAfter("2026", NOW), 2_026_000);
  assert.equal(parseRetryAfter(null, NOW), null);
});

test("gives up only once a delivery is 24 h old, whatever the attempt count", () => {
  const young = decideAfterAttempt({ status: 503 }, { createdAt: NOW - 24 * HOUR + 1, attempts: 40, clientErrors: 0 }, NOW, 0.5);
  assert.equal(young.kind, "retry");
  const old = decideAfterAttempt({ status: 503 }, { createdAt: NOW - 24 * HOUR, attempts: 40, clientErrors: 0 }, NOW, 0.5);
  assert.equal(old.kind, "dead-letter");
  assert.match(old.kind === "dead-letter" ? old.reason : "", /gave up after 24 h/);
  const throttledOld = decideAfterAttempt({ status: 429, retryAfter: "10" }, { createdAt: NOW - 25 * HOUR, attempts: 40, clientErrors: 0 }, NOW, 0.5);
  assert.equal(throttledOld.kind, "dead-letter");
  // Success after 24 h is still a success.
  assert.equal(decideAfterAttempt({ status: 200 }, { createdAt: NOW - 30 * HOUR, attempts: 40, clientErrors: 0 }, NOW, 0.5).kind, "delivered");
});

test("other 4xx: retried a few times, then dead-lettered as a rejected payload", () => {
  let state = { ...fresh, attempts: 0 };
  const kinds: string[] = [];
  for (let attempt = 1; attempt <= policy.maxClientErrorAttempts; attempt++) {
    state = { ...state, attempts: attempt };
    const decision = decideAfterAttempt({ status: 422 }, state, NOW, 0.5);
    kinds.push(decision.kind);
    if (decision.kind === "retry") state = { ...state, clientErrors: decision.clientErrors };
  }
  assert.deepEqual(kinds, [...Array(policy.maxClientErrorAttempts - 1).fill("retry"), "dead-letter"]);
  // Outage failures before do not use up the 4xx allowance.
  assert.equal(decideAfterAttempt({ status: 404 }, { createdAt: NOW - HOUR, attempts: 30, clientErrors: 0 }, NOW, 0.5).kind, "retry");
});

test("a receiver is disabled only after failing every attempt for 24 h and 10 times in a row", () => {
  let health: ReceiverHealth = HEALTHY;
  let disabled: string | null = null;
  // One failed attempt an hour: the 25th, 24 h after the first, disables.
  for (let hour = 0; hour <= 24 && disabled === null; hour++) {
    const verdict = nextReceiverHealth(health, { status: null, error: "ECONNREFUSED" }, NOW + hour * HOUR);
    health = verdict.health;
    disabled = verdict.disable;
    if (hour < 24) assert.equal(disabled, null, `hour ${hour}`);
  }
  assert.match(disabled ?? "", /failed for 24\.0 h \(25 in a row, last: ECONNREFUSED/);

  // A success in between resets the run.
  const midway = nextReceiverHealth({ failingSince: NOW - 23 * HOUR, consecutiveFailures: 50 }, { status: 200 }, NOW);
  assert.deepEqual(midway, { health: HEALTHY, disable: null });
  // Two failures a day apart are not "continuous failure".
  const sparse = nextReceiverHealth({ failingSince: NOW - 25 * HOUR, consecutiveFailures: 1 }, { status: 500 }, NOW);
  assert.equal(sparse.disable, null);
  // 429 is a live receiver: it neither counts nor resets.
  const throttled = nextReceiverHealth({ failingSince: NOW - 30 * HOUR, consecutiveFailures: 40 }, { status: 429 }, NOW);
  assert.deepEqual(throttled, { health: { failingSince: NOW - 30 * HOUR, consecutiveFailures: 40 }, disable: null });
  assert.equal(nextReceiverHealth(HEALTHY, { status: 410 }, NOW).disable, "receiver answered 410 Gone");
});
