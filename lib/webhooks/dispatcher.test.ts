/**
 * The dispatcher with the memory outbox against a real HTTP receiver on 127.0.0.1. Delays are
 * scaled down (tens of ms instead of seconds) through the policy; everything else is real.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Webhook } from "standardwebhooks";
import { newDelivery, newWebhookId } from "./delivery";
import { createDispatcher, type DispatcherEvent, type WebhookDispatcher } from "./dispatcher";
import { alert, notification } from "./fixtures";
import { messageForNotification } from "./message-defaults";
import { createMemoryOutbox, type MemoryOutbox } from "./memory-outbox";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import { newWebhookSecret } from "./signing";
import { parseCidr } from "../net/address-ranges";
import { NO_RESPONSE_ERROR } from "../net/outbound";
import { createSender } from "./sender";
import { createTestReceiver, freePort, headerOf, type TestReceiver } from "./test-receiver";
import type { WebhookReceiver } from "./types";

const FAST: RetryPolicy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 20, maxDelayMs: 150, minDelayMs: 10 };
const secret = newWebhookSecret();

type Harness = { outbox: MemoryOutbox; receiver: TestReceiver; dispatcher: WebhookDispatcher; events: DispatcherEvent[]; config: WebhookReceiver };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(policy: RetryPolicy = FAST, options: { listen?: boolean; perReceiverConcurrency?: number } = {}): Promise<Harness> {
  const receiver = createTestReceiver(await freePort());
  if (options.listen !== false) await receiver.listen();
  const outbox = createMemoryOutbox();
  const config: WebhookReceiver = {
    id: "rcv-1",
    name: "ops",
    url: receiver.url,
    format: "vigil",
    headers: { Authorization: "Bearer abc", "Webhook-Id": "forged" },
    secrets: [{ secret, createdAt: 0, retiresAt: null }],
    enabled: true,
    timeoutMs: 1_000,
    config: {},
    credentials: {},
    titleTemplate: null,
    bodyTemplate: null,
  };
  outbox.addReceiver(config);
  const events: DispatcherEvent[] = [];
  // The receiver is on loopback: allow-listed, as VIGIL_OUTBOUND_ALLOW would.
  const send = createSender({ allow: [parseCidr("127.0.0.0/8")], log: () => undefined });
  const dispatcher = createDispatcher({ outbox, send, policy, pollIntervalMs: 10, perReceiverConcurrency: options.perReceiverConcurrency ?? 4, onEvent: (event) => events.push(event) });
  cleanups.push(async () => {
    await dispatcher.stop();
    await receiver.close();
  });
  return { outbox, receiver, dispatcher, events, config };
}

function enqueue(outbox: MemoryOutbox, config: WebhookReceiver, groupKey: string, seq: number): string {
  const webhookId = newWebhookId();
  const input = notification({ groupKey, seq, alerts: [alert(`${groupKey}-${seq}`)] });
  outbox.enqueue(newDelivery(messageForNotification(input, config, "https://vigil.example"), config, { webhookId, now: Date.now(), externalURL: "https://vigil.example" }));
  return webhookId;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Seen = { id: string; groupKey: string; seq: number; status: number };

test("receiver down, then up: every notification arrives, in order per group, with one webhook-id per delivery", async () => {
  const { outbox, receiver, dispatcher, config } = await harness(FAST, { listen: false });
  const ids = new Map<string, string>();
  for (let seq = 1; seq <= 6; seq++) {
    for (const group of ["g-a", "g-b", "g-c"]) ids.set(enqueue(outbox, config, group, seq), `${group}#${seq}`);
  }
  // Once up, the first answer for every other delivery is a 500, so retries reach the receiver.
  const seen: Seen[] = [];
  const failedOnce = new Set<string>();
  const acked = new Map<string, number>();
  const violations: string[] = [];
  receiver.respond((request) => {
    const id = headerOf(request.headers, "webhook-id");
    const body = new Webhook(secret).verify(request.body, {
      "webhook-id": id,
      "webhook-timestamp": headerOf(request.headers, "webhook-timestamp"),
      "webhook-signature": headerOf(request.headers, "webhook-signature"),
    }) as { id: string; groupKey: string; seq: number };
    assert.equal(body.id, id);
    if (body.seq > (acked.get(body.groupKey) ?? 0) + 1) violations.push(`${body.groupKey} seq ${body.seq} before ${body.seq - 1} was acknowledged`);
    const status = body.seq % 2 === 0 && !failedOnce.has(id) ? 500 : 200;
    if (status === 500) failedOnce.add(id);
    else acked.set(body.groupKey, Math.max(acked.get(body.groupKey) ?? 0, body.seq));
    seen.push({ id, groupKey: body.groupKey, seq: body.seq, status });
    return { status };
  });

  dispatcher.start();
  await until(() => outbox.attempts().length >= 12, 5_000, "attempts while the receiver is down");
  assert.equal(receiver.requests.length, 0);
  assert.ok(outbox.attempts().every((attempt) => attempt.status === null && attempt.error === NO_RESPONSE_ERROR));
  // While down, only the head of each group is ever tried: order is kept even under failure.
  const triedWhileDown = new Set(outbox.attempts().map((attempt) => ids.get(attempt.webhookId)));
  assert.deepEqual([...triedWhileDown].sort(), ["g-a#1", "g-b#1", "g-c#1"]);

  await receiver.listen();
  await until(() => outbox.pendingCount() === 0, 10_000, "every delivery");
  assert.deepEqual(violations, []);
  assert.ok(outbox.deliveries().every((delivery) => delivery.status === "delivered"));
  for (const group of ["g-a", "g-b", "g-c"]) {
    const delivered = seen.filter((entry) => entry.groupKey === group && entry.status === 200).map((entry) => entry.seq);
    assert.deepEqual(delivered, [1, 2, 3, 4, 5, 6], group);
  }
  // Retries carried the same webhook-id (and verified with a fresh timestamp each time).
  for (const id of failedOnce) {
    assert.deepEqual(seen.filter((entry) => entry.id === id).map((entry) => entry.status), [500, 200]);
  }
  assert.equal(failedOnce.size, 9);
  const first = outbox.delivery([...ids.keys()][0]);
  assert.ok(first && first.attempts > 1, "the first delivery was tried while the receiver was down");
  // The operator's headers go along; a custom header cannot forge ours.
  const request = receiver.requests[0];
  assert.equal(request.headers.authorization, "Bearer abc");
  assert.notEqual(request.headers["webhook-id"], "forged");
  assert.equal(request.headers["content-type"], "application/json");
});

test("410 Gone disables the receiver; its deliveries wait, and resume in order once re-enabled", async () => {
  const { outbox, receiver, dispatcher, events, config } = await harness();
  receiver.respond(() => ({ status: 410 }));
  const first = enqueue(outbox, config, "g", 1);
  const second = enqueue(outbox, config, "g", 2);
  await dispatcher.runOnce();
  assert.equal(outbox.receiver("rcv-1")?.enabled, false);
  assert.equal(outbox.receiver("rcv-1")?.disabledReason, "receiver answered 410 Gone");
  assert.ok(events.some((event) => event.type === "receiver-disabled"));
  // Once the retry is due, a dispatcher round has its chance to send it: it must not.
  await until(() => (outbox.delivery(first)?.nextAttemptAt ?? Infinity) <= Date.now(), 5_000, "the retry due");
  assert.equal(await dispatcher.runOnce(), 0);
  assert.equal(receiver.requests.length, 1);
  assert.equal(outbox.delivery(first)?.status, "pending");

  receiver.respond(() => ({ status: 200 }));
  outbox.enableReceiver("rcv-1");
  dispatcher.start();
  await until(() => outbox.delivery(second)?.status === "delivered", 5_000, "delivery after re-enabling");
  assert.deepEqual(receiver.requests.map((request) => headerOf(request.headers, "webhook-id")), [first, first, second]);
});

test("429 with Retry-After: the next attempt waits as asked, though the backoff would be shorter", async () => {
  const { outbox, receiver, dispatcher, config } = await harness();
  receiver.respond((_, index) => (index === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 }));
  const id = enqueue(outbox, config, "g", 1);
  dispatcher.start();
  await until(() => outbox.delivery(id)?.status === "delivered", 5_000, "delivery after 429");
  const [throttled, accepted] = receiver.requests;
  const waited = accepted.at - throttled.at;
  // At least the Retry-After (FAST's backoff alone would be 20 ms); how much later is the dispatcher's tick, not a promise.
  assert.ok(waited >= 950, `waited ${waited} ms`);
  assert.equal(headerOf(accepted.headers, "webhook-id"), id);
  assert.notEqual(headerOf(accepted.headers, "webhook-timestamp"), "");
});

test("a payload the receiver keeps rejecting is dead-lettered, and the next one of its group goes", async () => {
  const { outbox, receiver, dispatcher, events, config } = await harness();
  receiver.respond((request) => ((JSON.parse(request.body) as { seq: number }).seq === 1 ? { status: 422, body: "bad template" } : { status: 204 }));
  const rejected = enqueue(outbox, config, "g", 1);
  const next = enqueue(outbox, config, "g", 2);
  dispatcher.start();
  await until(() => outbox.delivery(next)?.status === "delivered", 5_000, "the next delivery");
  const dead = outbox.delivery(rejected);
  assert.equal(dead?.status, "dead");
  assert.equal(dead?.attempts, FAST.maxClientErrorAttempts);
  assert.match(dead?.lastError ?? "", /HTTP 422 on 4 attempts/);
  assert.equal(outbox.attempts().find((attempt) => attempt.webhookId === rejected)?.responseBody, "bad template");
  assert.ok(events.some((event) => event.type === "dead-letter" && event.webhookId === rejected));
  assert.equal(outbox.receiver("rcv-1")?.enabled, true);
});

test("a receiver failing continuously past the policy's window is disabled with a reason", async () => {
  const policy = { ...FAST, disableAfterFailingMs: 200, disableAfterConsecutiveFailures: 3 };
  const { outbox, receiver, dispatcher, config } = await harness(policy);
  receiver.respond(() => ({ status: 503 }));
  enqueue(outbox, config, "g", 1);
  dispatcher.start();
  await until(() => outbox.receiver("rcv-1")?.enabled === false, 5_000, "the receiver to be disabled");
  assert.match(outbox.receiver("rcv-1")?.disabledReason ?? "", /^every attempt failed for 0\.\d h \(\d+ in a row, last: HTTP 503\)$/);
});

test("requests to one receiver stay within its concurrency bound", async () => {
  const { outbox, receiver, dispatcher, config } = await harness(FAST, { perReceiverConcurrency: 3 });
  let open = 0;
  let peak = 0;
  receiver.respond(() => {
    open++;
    peak = Math.max(peak, open);
    setTimeout(() => open--, 30);
    return { status: 200, delayMs: 30 };
  });
  for (let group = 0; group < 20; group++) enqueue(outbox, config, `g-${group}`, 1);
  dispatcher.start();
  await until(() => outbox.pendingCount() === 0, 5_000, "all deliveries");
  assert.equal(peak, 3);
});

test("a receiver without a usable secret gets nothing unsigned", async () => {
  const { outbox, receiver, dispatcher, config } = await harness();
  outbox.addReceiver({ ...config, secrets: [] });
  const id = enqueue(outbox, config, "g", 1);
  await dispatcher.runOnce();
  assert.equal(receiver.requests.length, 0);
  assert.match(outbox.delivery(id)?.lastError ?? "", /not sent: cannot sign/);
  assert.equal(outbox.delivery(id)?.status, "pending");
});
