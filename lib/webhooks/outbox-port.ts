/**
 * The storage the dispatcher needs, as a port: the app implements it over Prisma (tables
 * `Delivery`, `DeliveryAttempt`, `Receiver`), tests use memory-outbox.ts. Times are epoch ms.
 *
 * Contract of `claimDue` (the part that carries the guarantees):
 *   1. only `pending` deliveries with `nextAttemptAt <= now` whose receiver is enabled;
 *   2. ORDER: only the lowest-seq pending delivery of each (receiverId, groupKey), so seq n is
 *      never sent before seq n-1 was delivered or dead-lettered;
 *   3. not one already claimed whose lease has not expired (`leaseUntil > now`);
 *   4. at most `perReceiverConcurrency` claimed-and-unexpired per receiver, counting earlier
 *      claims, and at most `limit` in all, oldest `nextAttemptAt` first;
 *   5. marks each returned delivery claimed until `now + leaseMs` (a crashed dispatcher's claims
 *      come back after the lease), in the same transaction as the select.
 * In SQL, (2) is `NOT EXISTS (SELECT 1 FROM Delivery e WHERE e.receiverId = d.receiverId AND
 * e.groupKey = d.groupKey AND e.status = 'pending' AND e.seq < d.seq)`, served by the existing
 * (receiverId, groupKey, seq) index.
 *
 * Every completion (`markDelivered`, `scheduleRetry`, `deadLetter`) releases the claim.
 */
import type { WebhookReceiver } from "./types";

export type DeliveryStatus = "pending" | "delivered" | "dead";

export type Delivery = {
  /** The Standard Webhooks `webhook-id`: unique, and the same on every attempt. */
  webhookId: string;
  receiverId: string;
  groupKey: string;
  seq: number;
  /** The exact bytes to send, built at enqueue (formats.ts). */
  body: string;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
  /**
   * 4xx/3xx answers so far (the policy dead-letters after a few). The Prisma `Delivery` table
   * has no column for it yet; `clientErrors Int @default(0)` is what it needs.
   */
  clientErrors: number;
  status: DeliveryStatus;
};

/** A delivery claimed for one attempt, with its receiver as it is now (fresh secrets, URL). */
export type ClaimedDelivery = { delivery: Delivery; receiver: WebhookReceiver };

export type ClaimRequest = { now: number; limit: number; perReceiverConcurrency: number; leaseMs: number };

export type AttemptRecord = {
  webhookId: string;
  at: number;
  status: number | null;
  latencyMs: number;
  /** Truncated to 2 KB by the sender. */
  responseBody: string;
  error: string | null;
};

export type OutboxPort = {
  claimDue(request: ClaimRequest): Promise<ClaimedDelivery[]>;
  recordAttempt(attempt: AttemptRecord): Promise<void>;
  markDelivered(webhookId: string, at: number, attempts: number): Promise<void>;
  scheduleRetry(webhookId: string, retry: { at: number; attempts: number; clientErrors: number; lastError: string }): Promise<void>;
  deadLetter(webhookId: string, dead: { at: number; attempts: number; reason: string }): Promise<void>;
  /** Stops claims for this receiver until a human re-enables it; its deliveries stay pending. */
  disableReceiver(receiverId: string, disabled: { at: number; reason: string }): Promise<void>;
};
