/**
 * An in-memory OutboxPort for tests and benchmarks. It implements the claim contract of
 * outbox-port.ts literally (order per group, leases, per-receiver bound) so tests against it
 * exercise the same guarantees the Prisma implementation must give.
 */
import type { AttemptRecord, ClaimedDelivery, ClaimRequest, Delivery, OutboxPort } from "./outbox-port";
import type { WebhookReceiver } from "./types";

export type StoredDelivery = Delivery & {
  leaseUntil: number | null;
  deliveredAt: number | null;
  deadAt: number | null;
  lastError: string | null;
};

export type StoredReceiver = WebhookReceiver & { disabledAt: number | null; disabledReason: string | null };

export type MemoryOutbox = OutboxPort & {
  addReceiver(receiver: WebhookReceiver): void;
  enableReceiver(receiverId: string): void;
  receiver(receiverId: string): StoredReceiver | undefined;
  enqueue(delivery: Delivery): void;
  delivery(webhookId: string): StoredDelivery | undefined;
  deliveries(): StoredDelivery[];
  attempts(): AttemptRecord[];
  pendingCount(): number;
};

function orderKey(receiverId: string, groupKey: string): string {
  return `${receiverId}\u0000${groupKey}`;
}

export function createMemoryOutbox(): MemoryOutbox {
  const receivers = new Map<string, StoredReceiver>();
  const deliveries = new Map<string, StoredDelivery>();
  // Pending deliveries per (receiver, group), ascending seq: only the head may be claimed.
  const queues = new Map<string, StoredDelivery[]>();
  const attemptLog: AttemptRecord[] = [];
  // Claimed and not yet completed; kept apart so counting leases costs O(in flight).
  const leasedSet = new Set<StoredDelivery>();

  function mustGet(webhookId: string): StoredDelivery {
    const found = deliveries.get(webhookId);
    if (!found) throw new Error(`unknown delivery ${webhookId}`);
    return found;
  }

  function leaveQueue(stored: StoredDelivery): void {
    const key = orderKey(stored.receiverId, stored.groupKey);
    const queue = queues.get(key);
    if (!queue) return;
    const index = queue.indexOf(stored);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) queues.delete(key);
  }

  return {
    addReceiver(receiver) {
      receivers.set(receiver.id, { ...receiver, disabledAt: null, disabledReason: null });
    },
    enableReceiver(receiverId) {
      const receiver = receivers.get(receiverId);
      if (receiver) receivers.set(receiverId, { ...receiver, enabled: true, disabledAt: null, disabledReason: null });
    },
    receiver: (receiverId) => receivers.get(receiverId),
    enqueue(delivery) {
      if (deliveries.has(delivery.webhookId)) throw new Error(`duplicate webhook id ${delivery.webhookId}`);
      const stored: StoredDelivery = { ...delivery, leaseUntil: null, deliveredAt: null, deadAt: null, lastError: null };
      deliveries.set(stored.webhookId, stored);
      if (stored.status !== "pending") return;
      const key = orderKey(stored.receiverId, stored.groupKey);
      const queue = queues.get(key) ?? [];
      let index = queue.length;
      while (index > 0 && queue[index - 1].seq > stored.seq) index--;
      queue.splice(index, 0, stored);
      queues.set(key, queue);
    },
    delivery: (webhookId) => deliveries.get(webhookId),
    deliveries: () => [...deliveries.values()],
    attempts: () => [...attemptLog],
    pendingCount: () => [...queues.values()].reduce((sum, queue) => sum + queue.length, 0),

    async claimDue({ now, limit, perReceiverConcurrency, leaseMs }: ClaimRequest): Promise<ClaimedDelivery[]> {
      const leased = new Map<string, number>();
      for (const stored of leasedSet) {
        if (stored.leaseUntil !== null && stored.leaseUntil > now) leased.set(stored.receiverId, (leased.get(stored.receiverId) ?? 0) + 1);
      }
      const due: StoredDelivery[] = [];
      for (const queue of queues.values()) {
        const head = queue[0];
        if (!receivers.get(head.receiverId)?.enabled) continue;
        if (head.nextAttemptAt > now || (head.leaseUntil !== null && head.leaseUntil > now)) continue;
        due.push(head);
      }
      due.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
      const claimed: ClaimedDelivery[] = [];
      for (const stored of due) {
        if (claimed.length >= limit) break;
        const busy = leased.get(stored.receiverId) ?? 0;
        if (busy >= perReceiverConcurrency) continue;
        leased.set(stored.receiverId, busy + 1);
        stored.leaseUntil = now + leaseMs;
        leasedSet.add(stored);
        const receiver = receivers.get(stored.receiverId) as StoredReceiver;
        claimed.push({ delivery: { ...stored }, receiver: { ...receiver, headers: { ...receiver.headers }, secrets: [...receiver.secrets] } });
      }
      return claimed;
    },
    async recordAttempt(attempt) {
      attemptLog.push({ ...attempt });
    },
    async markDelivered(webhookId, at, attempts) {
      const stored = mustGet(webhookId);
      leasedSet.delete(stored);
      Object.assign(stored, { status: "delivered", deliveredAt: at, attempts, leaseUntil: null });
      leaveQueue(stored);
    },
    async scheduleRetry(webhookId, { at, attempts, clientErrors, lastError }) {
      const stored = mustGet(webhookId);
      leasedSet.delete(stored);
      Object.assign(stored, { nextAttemptAt: at, attempts, clientErrors, lastError, leaseUntil: null });
    },
    async deadLetter(webhookId, { at, attempts, reason }) {
      const stored = mustGet(webhookId);
      leasedSet.delete(stored);
      Object.assign(stored, { status: "dead", deadAt: at, attempts, lastError: reason, leaseUntil: null });
      leaveQueue(stored);
    },
    async disableReceiver(receiverId, { at, reason }) {
      const receiver = receivers.get(receiverId);
      if (receiver) receivers.set(receiverId, { ...receiver, enabled: false, disabledAt: at, disabledReason: reason });
    },
  };
}
