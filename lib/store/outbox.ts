import "server-only";
import type { ClaimRequest, ClaimedDelivery, Delivery, OutboxPort, SigningSecret, WebhookFormat, WebhookReceiver } from "../webhooks";
import type { Receiver, Delivery as DeliveryRow } from "../generated/prisma/client";
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

/**
 * The webhook outbox over Prisma. A claim is a lease row update inside one transaction with the
 * select; order within an alert group holds because only the lowest pending seq of each
 * (receiver, group) is ever claimable.
 */
export function prismaOutbox(db: Db, lease: () => LeaseHold | null): OutboxPort {
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
        const enabledIds = receivers.map((r) => r.id);
        const due = await tx.delivery.findMany({
          where: { status: "pending", receiverId: { in: enabledIds }, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
          orderBy: { nextAttemptAt: "asc" },
          take: request.limit * 4,
        });
        if (due.length === 0) return [];
        const heads = await tx.delivery.groupBy({
          by: ["receiverId", "groupKey"],
          where: { status: "pending", receiverId: { in: [...new Set(due.map((d) => d.receiverId))] } },
          _min: { seq: true },
        });
        const headSeq = new Map(heads.map((h) => [`${h.receiverId}\u0000${h.groupKey}`, h._min.seq]));
        const leased = await tx.delivery.groupBy({
          by: ["receiverId"],
          where: { status: "pending", leaseUntil: { gt: now } },
          _count: { _all: true },
        });
        const inFlight = new Map(leased.map((l) => [l.receiverId, l._count._all]));
        const chosen: DeliveryRow[] = [];
        for (const row of due) {
          if (chosen.length >= request.limit) break;
          if (headSeq.get(`${row.receiverId}\u0000${row.groupKey}`) !== row.seq) continue;
          const busy = inFlight.get(row.receiverId) ?? 0;
          if (busy >= request.perReceiverConcurrency) continue;
          inFlight.set(row.receiverId, busy + 1);
          chosen.push(row);
        }
        if (chosen.length === 0) return [];
        await tx.delivery.updateMany({ where: { id: { in: chosen.map((c) => c.id) } }, data: { leaseUntil: BigInt(request.now + request.leaseMs) } });
        const byId = new Map(receivers.map((r) => [r.id, receiverRowToWebhookReceiver(r)]));
        return chosen.map((row) => ({ delivery: deliveryRowToDelivery(row), receiver: byId.get(row.receiverId) as WebhookReceiver }));
      });
    },
    async recordAttempt(attempt) {
      const delivery = await db.delivery.findUnique({ where: { webhookId: attempt.webhookId }, select: { id: true } });
      if (!delivery) return;
      await db.deliveryAttempt.create({
        data: { deliveryId: delivery.id, at: BigInt(attempt.at), status: attempt.status, latencyMs: attempt.latencyMs, responseBody: attempt.responseBody, error: attempt.error },
      });
      await db.delivery.update({ where: { id: delivery.id }, data: { lastStatus: attempt.status, lastError: attempt.error, latencyMs: attempt.latencyMs } });
    },
    async markDelivered(webhookId, at, attempts) {
      await db.delivery.update({ where: { webhookId }, data: { status: "delivered", deliveredAt: BigInt(at), attempts, leaseUntil: null } });
    },
    async scheduleRetry(webhookId, retry) {
      await db.delivery.update({
        where: { webhookId },
        data: { nextAttemptAt: BigInt(retry.at), attempts: retry.attempts, clientErrors: retry.clientErrors, lastError: retry.lastError, leaseUntil: null },
      });
    },
    async deadLetter(webhookId, dead) {
      await db.delivery.update({ where: { webhookId }, data: { status: "dead", attempts: dead.attempts, lastError: dead.reason, leaseUntil: null } });
    },
    async disableReceiver(receiverId, disabled) {
      await writeSettings(db, db.receiver.update({ where: { id: receiverId }, data: { enabled: false, disabledAt: new Date(disabled.at), disabledReason: disabled.reason } }));
    },
  };
}
