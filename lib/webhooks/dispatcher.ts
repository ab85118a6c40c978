/**
 * The delivery loop over the durable outbox. Runs on the leader only (one per fleet): it claims
 * due deliveries through the port, sends each (bounded in flight overall and per receiver),
 * and records what the retry policy decides. Ordering per (receiver, group) and crash
 * recovery (leases) are the port's contract; this loop never holds a delivery across restarts.
 *
 * Every attempt of a delivery carries the same webhook-id and body with a fresh timestamp and
 * signature, so a receiver can deduplicate and still check freshness.
 */
import { channelFor } from "./channels";
import { channelHeaders, deliveryHeaders } from "./delivery";
import { sendMail as defaultSendMail, type MailSender } from "./mail-transport";
import type { Delivery, ClaimedDelivery, OutboxPort } from "./outbox-port";
import { decideAfterAttempt, DEFAULT_RETRY_POLICY, HEALTHY, nextReceiverHealth, type ReceiverHealth, type RetryPolicy } from "./retry-policy";
import { sendWebhook, type SendResult, type Sender } from "./sender";
import type { WebhookReceiver } from "./types";

export type DispatcherEvent =
  | { type: "delivered"; webhookId: string; receiverId: string; attempts: number; latencyMs: number; at: number }
  | { type: "retry"; webhookId: string; receiverId: string; attempts: number; at: number; nextAttemptAt: number; reason: string }
  | { type: "dead-letter"; webhookId: string; receiverId: string; attempts: number; at: number; reason: string }
  | { type: "receiver-disabled"; receiverId: string; at: number; reason: string }
  | { type: "error"; webhookId: string | null; error: string };

export type DispatcherOptions = {
  outbox: OutboxPort;
  policy?: RetryPolicy;
  /** HTTP: signed webhooks and the HTTP channels. */
  send?: Sender;
  /** SMTP: the e-mail channel. */
  sendMail?: MailSender;
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** How often to look for due retries when nothing wakes the loop. Enqueuers call wake(). */
  pollIntervalMs?: number;
  /** Requests in flight at once, over all receivers. */
  maxInFlight?: number;
  perReceiverConcurrency?: number;
  /** Per-request timeout unless the receiver sets one. */
  timeoutMs?: number;
  /** Claim lease; request timeouts are kept below it so a claim never outlives its attempt. */
  leaseMs?: number;
  onEvent?: (event: DispatcherEvent) => void;
};

export type WebhookDispatcher = {
  start(): void;
  /** Stops claiming and waits for the attempts in flight (each bounded by its timeout). */
  stop(): Promise<void>;
  /** Look for due deliveries now (call after enqueueing). */
  wake(): void;
  /** One claim round without the loop, for tests and single-shot jobs; resolves when its attempts finish. */
  runOnce(): Promise<number>;
  inFlight(): number;
};

const LEASE_MARGIN_MS = 5_000;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { outbox } = options;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const send = options.send ?? sendWebhook;
  const sendMail = options.sendMail ?? defaultSendMail;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxInFlight = options.maxInFlight ?? 64;
  const perReceiverConcurrency = options.perReceiverConcurrency ?? 4;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxTimeoutMs = Math.max(1_000, leaseMs - LEASE_MARGIN_MS);
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const emit = options.onEvent ?? (() => undefined);

  const inFlight = new Set<Promise<void>>();
  // Failure runs per receiver. Memory only: after a restart or leader change the clock starts
  // again, which can only delay a disable, never cause one.
  const health = new Map<string, ReceiverHealth>();
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeSleeper: (() => void) | null = null;
  let wakePending = false;

  function wake(): void {
    wakePending = true;
    wakeSleeper?.();
  }

  function sleep(ms: number): Promise<void> {
    if (wakePending) {
      wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleeper = null;
        wakePending = false;
        resolve();
      }
      wakeSleeper = done;
    });
  }

  /** The transport the receiver's format needs: a signed webhook, a provider's API, or SMTP. */
  function sendFor(receiver: WebhookReceiver, delivery: Delivery, startedAt: number, timeoutMs: number): Promise<SendResult> {
    const channel = channelFor(receiver.format);
    if (!channel) return send({ url: receiver.url, headers: deliveryHeaders(receiver, delivery, startedAt), body: delivery.body, timeoutMs });
    if (channel.transport === "smtp") return sendMail({ receiver, body: delivery.body, timeoutMs });
    const request = channel.request(delivery.body, receiver);
    return send({ url: request.url, headers: channelHeaders(receiver, request.headers), body: request.body, timeoutMs });
  }

  async function attempt({ delivery, receiver }: ClaimedDelivery): Promise<void> {
    const startedAt = now();
    const attempts = delivery.attempts + 1;
    let result: SendResult;
    try {
      const timeoutMs = Math.min(receiver.timeoutMs ?? defaultTimeoutMs, maxTimeoutMs);
      result = await sendFor(receiver, delivery, startedAt, timeoutMs);
    } catch (error) {
      // A receiver without a usable secret or with invalid credentials: nothing is sent; it fails like an outage.
      result = { status: null, latencyMs: 0, responseBody: "", retryAfter: null, error: `not sent: ${errorText(error)}` };
    }
    const at = now();
    await outbox.recordAttempt({ webhookId: delivery.webhookId, at, status: result.status, latencyMs: result.latencyMs, responseBody: result.responseBody, error: result.error ?? null });

    const verdict = nextReceiverHealth(health.get(receiver.id) ?? HEALTHY, result, at, policy);
    health.set(receiver.id, verdict.health);
    const decision = decideAfterAttempt(result, { createdAt: delivery.createdAt, attempts, clientErrors: delivery.clientErrors }, at, random(), policy);
    const base = { webhookId: delivery.webhookId, receiverId: receiver.id, attempts, at };

    if (decision.kind === "delivered") {
      await outbox.markDelivered(delivery.webhookId, at, attempts);
      emit({ type: "delivered", ...base, latencyMs: result.latencyMs });
    } else if (decision.kind === "dead-letter") {
      await outbox.deadLetter(delivery.webhookId, { at, attempts, reason: decision.reason });
      emit({ type: "dead-letter", ...base, reason: decision.reason });
    } else {
      const retryAt = decision.kind === "retry" ? decision.at : decision.retryAt;
      const clientErrors = decision.kind === "retry" ? decision.clientErrors : delivery.clientErrors;
      const lastError = result.error ?? `HTTP ${result.status}`;
      await outbox.scheduleRetry(delivery.webhookId, { at: retryAt, attempts, clientErrors, lastError });
      emit({ type: "retry", ...base, nextAttemptAt: retryAt, reason: decision.reason });
    }

    const disableReason = decision.kind === "disable-receiver" ? decision.reason : verdict.disable;
    if (disableReason === null) return;
    await outbox.disableReceiver(receiver.id, { at, reason: disableReason });
    // A re-enabled receiver starts with a clean slate rather than being disabled again at once.
    health.delete(receiver.id);
    emit({ type: "receiver-disabled", receiverId: receiver.id, at, reason: disableReason });
  }

  function track(claimed: ClaimedDelivery): Promise<void> {
    const task = attempt(claimed)
      .catch((error: unknown) => {
        // The claim's lease runs out and the delivery is tried again: at least once, same id.
        emit({ type: "error", webhookId: claimed.delivery.webhookId, error: errorText(error) });
      })
      .finally(() => {
        inFlight.delete(task);
        // A finished delivery may unblock the next seq of its group, and frees a slot.
        wake();
      });
    inFlight.add(task);
    return task;
  }

  async function claimRound(): Promise<ClaimedDelivery[]> {
    const room = maxInFlight - inFlight.size;
    if (room <= 0) return [];
    try {
      return await outbox.claimDue({ now: now(), limit: room, perReceiverConcurrency, leaseMs });
    } catch (error) {
      emit({ type: "error", webhookId: null, error: `claim failed: ${errorText(error)}` });
      return [];
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      const claimed = await claimRound();
      for (const item of claimed) track(item);
      if (!running) break;
      await sleep(pollIntervalMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wakeSleeper?.();
      await loopDone;
      await Promise.allSettled([...inFlight]);
    },
    wake,
    async runOnce() {
      const claimed = await claimRound();
      await Promise.allSettled(claimed.map(track));
      return claimed.length;
    },
    inFlight: () => inFlight.size,
  };
}
