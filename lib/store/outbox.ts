import "server-only";
import type { AttemptRecord, ClaimRequest, ClaimedDelivery, Delivery, OutboxPort, SigningSecret, WebhookFormat, WebhookReceiver } from "../webhooks";
import type { Prisma, Receiver, Delivery as DeliveryRow } from "../generated/prisma/client";
import type { Db } from "./prisma";
import { assertLeaseHeld, type LeaseHold } from "./lease";
import { writeSettings } from "./settings-cache";

export function receiverRowToWebhookReceiver(row: Receiver): WebhookReceiver {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format as WebhookFormat,
    headers: JSON.parse(row.headers) as Record<string, string>,
    secrets: JSON.parse(row.secrets) as SigningSecret[],
    enabled: row.enabled,
    config: JSON.parse(row.config || "{}") as Record<string, unknown>,
    credentials: JSON.parse(row.credentials || "{}") as Record<string, unknown>,
    titleTemplate: row.titleTemplate,
    bodyTemplate: row.bodyTemplate,
  };
}

function deliveryRowToDelivery(row: DeliveryRow): Delivery {
  return {
    webhookId: row.webhookId,
    receiverId: row.receiverId,
    groupKey: row.groupKey,
    seq: row.seq,
    body: row.body,
    createdAt: Number(row.createdAt),
    nextAttemptAt: Number(row.nextAttemptAt),
    attempts: row.attempts,
    clientErrors: row.clientErrors,
    status: row.status as Delivery["status"],
  };
}

type DeliveryUpdate = Prisma.DeliveryUpdateManyMutationInput;
type Completion = { attempt: AttemptRecord | null; update: DeliveryUpdate };
type Queued = { webhookId: string; completion: Completion; resolve: () => void; reject: (error: unknown) => void };

/** A large alert round can hold the SQLite lock for seconds; completions wait for it rather than fail. */
const COMPLETION_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/**
 * Attempts and their outcomes are written in batches: while one batch commits, the next queues,
 * and a batch is one transaction of three statements plus one update per delivery. On SQLite
 * every statement outside a transaction waits for the file's lock and commits alone, and each
 * Prisma query costs more CPU than its SQL: a drain of thousands of pages was bound by those
 * writes, not by sending. A batch that fails rejects all its writes; their claims run out and
 * the deliveries are tried again (at least once, same webhook id).
 */
function completionWriter(db: Db): (webhookId: string, completion: Completion) => Promise<void> {
  let queue: Queued[] = [];
  let flushing = false;

  async function write(batch: Queued[]): Promise<void> {
    const merged = new Map<string, Completion>();
    const attempts: AttemptRecord[] = [];
    for (const { webhookId, completion } of batch) {
      if (completion.attempt) attempts.push(completion.attempt);
      const earlier = merged.get(webhookId);
      merged.set(webhookId, { attempt: null, update: { ...earlier?.update, ...completion.update } });
    }
    await db.$transaction(async (tx) => {
      const rows = await tx.delivery.findMany({ where: { webhookId: { in: [...merged.keys()] } }, select: { id: true, webhookId: true } });
      // A delivery deleted meanwhile (its receiver was) is skipped, not an error for the batch.
      const idOf = new Map(rows.map((row) => [row.webhookId, row.id]));
      const attemptRows = attempts.flatMap((a) => {
        const deliveryId = idOf.get(a.webhookId);
        return deliveryId === undefined ? [] : [{ deliveryId, at: BigInt(a.at), status: a.status, latencyMs: a.latencyMs, responseBody: a.responseBody, error: a.error }];
      });
      if (attemptRows.length) await tx.deliveryAttempt.createMany({ data: attemptRows });
      for (const [webhookId, { update }] of merged) {
        const id = idOf.get(webhookId);
        if (id !== undefined) await tx.delivery.update({ where: { id }, data: update });
      }
    }, COMPLETION_TRANSACTION);
  }

  async function flush(): Promise<void> {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await write(batch);
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = false;
  }

  return (webhookId, completion) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ webhookId, completion, resolve, reject });
      if (flushing) return;
      flushing = true;
      // One turn later, so an attempt's record and its outcome (queued back to back) share a batch.
      setImmediate(() => void flush());
    });
}

/**
 * The webhook outbox over Prisma. A claim is a lease row update inside one transaction with the
 * select; order within an alert group holds because only the lowest pending seq of each
 * (receiver, group) is ever claimable.
 */
export function prismaOutbox(db: Db, lease: () => LeaseHold | null): OutboxPort {
  const complete = completionWriter(db);
  return {
    async claimDue(request: ClaimRequest): Promise<ClaimedDelivery[]> {
      const now = BigInt(request.now);
      const hold = lease();
      // Only the leader sends: a deposed one claims nothing, so no webhook goes out twice.
      if (!hold) return [];
      return db.$transaction(async (tx) => {
        await assertLeaseHeld(tx, hold, request.now);
        const receivers = await tx.receiver.findMany({ where: { enabled: true } });
        if (receivers.length === 0) return [];
        const leased = await tx.delivery.groupBy({
          by: ["receiverId"],
          where: { status: "pending", leaseUntil: { gt: now } },
          _count: { _all: true },
        });
        const inFlight = new Map(leased.map((l) => [l.receiverId, l._count._all]));
        // Receivers at their concurrency are left out of the select: in a drain most are.
        const open = receivers.filter((r) => (inFlight.get(r.id) ?? 0) < request.perReceiverConcurrency).map((r) => r.id);
        if (open.length === 0) return [];
        const due = await tx.delivery.findMany({
          where: { status: "pending", receiverId: { in: open }, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
          select: { id: true, receiverId: true, groupKey: true, seq: true },
          orderBy: { nextAttemptAt: "asc" },
          take: request.limit * 4,
        });
        if (due.length === 0) return [];
        const heads = await tx.delivery.groupBy({
          by: ["receiverId", "groupKey"],
          where: { status: "pending", receiverId: { in: [...new Set(due.map((d) => d.receiverId))] }, groupKey: { in: [...new Set(due.map((d) => d.groupKey))] } },
          _min: { seq: true },
        });
        const headSeq = new Map(heads.map((h) => [`${h.receiverId}\u0000${h.groupKey}`, h._min.seq]));
        const chosen: number[] = [];
        for (const row of due) {
          if (chosen.length >= request.limit) break;
          if (headSeq.get(`${row.receiverId}\u0000${row.groupKey}`) !== row.seq) continue;
          const busy = inFlight.get(row.receiverId) ?? 0;
          if (busy >= request.perReceiverConcurrency) continue;
          inFlight.set(row.receiverId, busy + 1);
          chosen.push(row.id);
        }
        if (chosen.length === 0) return [];
        await tx.delivery.updateMany({ where: { id: { in: chosen } }, data: { leaseUntil: BigInt(request.now + request.leaseMs) } });
        const rows = new Map((await tx.delivery.findMany({ where: { id: { in: chosen } } })).map((row) => [row.id, row]));
        const byId = new Map(receivers.map((r) => [r.id, receiverRowToWebhookReceiver(r)]));
        return chosen.flatMap((id) => {
          const row = rows.get(id);
          return row ? [{ delivery: deliveryRowToDelivery(row), receiver: byId.get(row.receiverId) as WebhookReceiver }] : [];
        });
      });
    },
    recordAttempt(attempt) {
      return complete(attempt.webhookId, { attempt, update: { lastStatus: attempt.status, lastError: attempt.error, latencyMs: attempt.latencyMs } });
    },
    markDelivered(webhookId, at, attempts) {
      return complete(webhookId, { attempt: null, update: { status: "delivered", deliveredAt: BigInt(at), attempts, leaseUntil: null } });
    },
    scheduleRetry(webhookId, retry) {
      return complete(webhookId, {
        attempt: null,
        update: { nextAttemptAt: BigInt(retry.at), attempts: retry.attempts, clientErrors: retry.clientErrors, lastError: retry.lastError, leaseUntil: null },
      });
    },
    deadLetter(webhookId, dead) {
      return complete(webhookId, { attempt: null, update: { status: "dead", attempts: dead.attempts, lastError: dead.reason, leaseUntil: null } });
    },
    async disableReceiver(receiverId, disabled) {
      await writeSettings(db, db.receiver.update({ where: { id: receiverId }, data: { enabled: false, disabledAt: new Date(disabled.at), disabledReason: disabled.reason } }));
    },
  };
}
