/** Webhook delivery log → what the receivers page charts and sums up. Pure. */

export type DeliveryAttemptLike = { at: number; status: number | null; latencyMs: number; error: string | null };
export type DeliveryLike = { id: number; status: string; recentAttempts: readonly DeliveryAttemptLike[] };

/** One HTTP attempt, plotted at its time by latency; `successRate` is over the attempts up to it. */
export type AttemptPoint = {
  at: number;
  latencyMs: number;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  deliveryId: number;
  /** Share of the last ROLLING_ATTEMPTS attempts (this one included) that a receiver accepted. */
  successRate: number;
};

export const ROLLING_ATTEMPTS = 10;

/** A receiver accepted the webhook: any 2xx answer. A network error has no status. */
export function attemptSucceeded(attempt: Pick<DeliveryAttemptLike, "status">): boolean {
  return attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
}

export function attemptPoints(deliveries: readonly DeliveryLike[], rolling = ROLLING_ATTEMPTS): AttemptPoint[] {
  const points = deliveries
    .flatMap((delivery) =>
      delivery.recentAttempts.map((attempt) => ({
        at: attempt.at,
        latencyMs: attempt.latencyMs,
        ok: attemptSucceeded(attempt),
        httpStatus: attempt.status,
        error: attempt.error,
        deliveryId: delivery.id,
        successRate: 0,
      })),
    )
    .sort((a, b) => a.at - b.at || a.deliveryId - b.deliveryId);
  let window: boolean[] = [];
  for (const point of points) {
    window = [...window.slice(-(rolling - 1)), point.ok];
    point.successRate = window.filter(Boolean).length / window.length;
  }
  return points;
}

export type DeliverySummary = {
  delivered: number;
  pending: number;
  dead: number;
  /** Delivered over finished (delivered + dead) deliveries; null while none has finished. */
  deliveryRate: number | null;
  /** Accepted over all recorded attempts; null without attempts. */
  attemptSuccessRate: number | null;
  medianLatencyMs: number | null;
};

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarizeDeliveries(deliveries: readonly DeliveryLike[]): DeliverySummary {
  const count = (status: string) => deliveries.filter((delivery) => delivery.status === status).length;
  const delivered = count("delivered");
  const dead = count("dead");
  const attempts = deliveries.flatMap((delivery) => delivery.recentAttempts);
  const accepted = attempts.filter(attemptSucceeded);
  return {
    delivered,
    pending: count("pending"),
    dead,
    deliveryRate: delivered + dead > 0 ? delivered / (delivered + dead) : null,
    attemptSuccessRate: attempts.length > 0 ? accepted.length / attempts.length : null,
    medianLatencyMs: median(accepted.map((attempt) => attempt.latencyMs)),
  };
}

/**
 * A group key reads `<receiver id>:[["alertname","NodeDown"],["node","n1"]]`; shown as
 * `alertname=NodeDown, node=n1`. Test notifications (`test:<id>`) and anything else pass through.
 */
export function describeGroupKey(groupKey: string): string {
  if (groupKey.startsWith("test:")) return "test notification";
  const start = groupKey.indexOf(":[");
  if (start === -1) return groupKey;
  try {
    const pairs = JSON.parse(groupKey.slice(start + 1)) as unknown;
    if (!Array.isArray(pairs)) return groupKey;
    const parts = pairs.filter((pair): pair is [string, string] => Array.isArray(pair) && pair.length === 2).map(([name, value]) => `${name}=${value}`);
    return parts.length ? parts.join(", ") : "(all alerts)";
  } catch {
    return groupKey;
  }
}

/** Whether a notification said firing or resolved: the body's first "status" is its top-level one. */
export function notificationStatus(body: string): "firing" | "resolved" | null {
  const match = /"status"\s*:\s*"(firing|resolved)"/.exec(body);
  return match ? (match[1] as "firing" | "resolved") : null;
}

/** Request bodies are stored compact; indent them for reading, leaving truncated ones as they are. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
