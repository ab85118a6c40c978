import type { AgentLogger } from "./logger";
import type { StreamSpool } from "./spool";

/** How one emit ended, already classified by what the agent must do about it. */
export type SendOutcome =
  | { kind: "ok" }
  /** The server will never accept these items (bad_request, payload_too_large). */
  | { kind: "reject"; code: string; message: string }
  /** Transient: rate_limited, unavailable, a malformed ack. `retryAfterMs`: the server's own delay, a floor. */
  | { kind: "retry"; reason: string; retryAfterMs?: number };

export type StreamStats = { sent: number; acked: number; resent: number; dropped: number; queued: number };

export type StreamSenderOptions<T extends { seq: number }> = {
  label: string;
  spool: StreamSpool<T>;
  maxBatch: number;
  /** Rough JSON size budget of one emit; the server closes connections over 1 MB packets. */
  maxBatchChars?: number;
  maxInFlight: number;
  canSend: () => boolean;
  emit: (items: T[], done: (outcome: SendOutcome) => void) => void;
  logger: AgentLogger;
};

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;
/** A server's delay beyond this is taken as this: a bad value must not silence an agent for good. */
const RETRY_AFTER_MAX_MS = 60_000;

/**
 * Sends one spooled stream over the current connection: a bounded window of emits in flight,
 * seq order, resend from the oldest unacknowledged item after every (re)connect.
 * A cursor (highest seq handed to the socket on this connection) replaces per-item state.
 */
export class StreamSender<T extends { seq: number }> {
  private generation = 0;
  private cursor = 0;
  private readonly inFlight = new Set<number>();
  private emitsInFlight = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  /** When the current hold ends (Date.now() terms). */
  private holdUntil = 0;
  private failures = 0;
  /** Items up to this seq go one per emit, to isolate the bad entry of a rejected batch. */
  private soloThrough = 0;
  private everSentThrough = 0;
  private readonly counters = { sent: 0, acked: 0, resent: 0, rejected: 0 };

  constructor(private readonly options: StreamSenderOptions<T>) {}

  /** A fresh connection: everything unacknowledged is resent from the start, in order. */
  connected(): void {
    this.reset();
    this.pump();
  }

  disconnected(): void {
    this.reset();
  }

  idle(): boolean {
    return this.options.spool.size() === 0;
  }

  /** Whether emits on this connection wait for their acknowledgements. */
  busy(): boolean {
    return this.emitsInFlight > 0;
  }

  stats(): StreamStats {
    return {
      sent: this.counters.sent,
      acked: this.counters.acked,
      resent: this.counters.resent,
      dropped: this.counters.rejected + this.options.spool.dropped(),
      queued: this.options.spool.size(),
    };
  }

  pump(): void {
    const { maxInFlight, canSend } = this.options;
    while (this.holdTimer === undefined && this.emitsInFlight < maxInFlight && canSend()) {
      const batch = this.collectBatch();
      if (batch.length === 0) return;
      this.send(batch);
    }
  }

  private reset(): void {
    // Callbacks of emits from an older connection must not touch the new window.
    this.generation++;
    this.cursor = 0;
    this.inFlight.clear();
    this.emitsInFlight = 0;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private nextItem(after: number): T | undefined {
    let item = this.options.spool.firstAfter(after);
    while (item && this.inFlight.has(item.seq)) item = this.options.spool.firstAfter(item.seq);
    return item;
  }

  private collectBatch(): T[] {
    const { maxBatch, maxBatchChars } = this.options;
    const batch: T[] = [];
    let chars = 0;
    let item = this.nextItem(this.cursor);
    while (item && batch.length < maxBatch) {
      if (batch.length > 0 && item.seq <= this.soloThrough) break;
      if (maxBatchChars !== undefined) {
        const size = JSON.stringify(item).length;
        if (batch.length > 0 && chars + size > maxBatchChars) break;
        chars += size;
      }
      batch.push(item);
      if (item.seq <= this.soloThrough) break;
      item = this.nextItem(item.seq);
    }
    for (const entry of batch) this.inFlight.add(entry.seq);
    if (batch.length > 0) this.cursor = batch[batch.length - 1].seq;
    return batch;
  }

  private send(batch: T[]): void {
    const generation = this.generation;
    const first = batch[0].seq;
    const last = batch[batch.length - 1].seq;
    this.emitsInFlight++;
    this.counters.sent += batch.length;
    if (first <= this.everSentThrough) {
      this.counters.resent += batch.filter((item) => item.seq <= this.everSentThrough).length;
    }
    this.everSentThrough = Math.max(this.everSentThrough, last);
    this.options.emit(batch, (outcome) => {
      if (generation !== this.generation) return;
      this.emitsInFlight--;
      for (const item of batch) this.inFlight.delete(item.seq);
      this.settle(batch, outcome);
      this.pump();
    });
  }

  private settle(batch: T[], outcome: SendOutcome): void {
    const { spool, logger, label } = this.options;
    const first = batch[0].seq;
    if (outcome.kind === "ok") {
      for (const item of batch) spool.remove(item.seq);
      this.counters.acked += batch.length;
      this.failures = 0;
      return;
    }
    if (outcome.kind === "reject" && batch.length > 1) {
      // One bad entry must not cost its neighbours: resend them one by one, drop only the bad.
      this.soloThrough = Math.max(this.soloThrough, batch[batch.length - 1].seq);
      this.cursor = Math.min(this.cursor, first - 1);
      return;
    }
    if (outcome.kind === "reject") {
      spool.remove(first);
      this.counters.rejected++;
      logger.warn(`dropped ${label} seq ${first}: server rejected it for good (${outcome.code}: ${outcome.message})`);
      return;
    }
    this.cursor = Math.min(this.cursor, first - 1);
    // Nothing is resent before the server said it may be: the items wait in the spool meanwhile.
    const floor = Math.min(RETRY_AFTER_MAX_MS, outcome.retryAfterMs ?? 0);
    // The rest of a failed window fails the same way; one backoff step per round, not per item,
    // but a later answer asking for a longer wait extends the hold.
    if (this.holdTimer) {
      if (Date.now() + floor > this.holdUntil) this.hold(floor);
      return;
    }
    this.failures++;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(this.failures - 1, 16));
    const jittered = Math.max(floor, delay * (0.5 + Math.random() * 0.5));
    if (this.failures === 1 || this.failures % 10 === 0) {
      logger.warn(`${label} not acknowledged (${outcome.reason}); retrying in ${Math.round(jittered)} ms`);
    }
    this.hold(jittered);
  }

  private hold(ms: number): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdUntil = Date.now() + ms;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.pump();
    }, ms);
    this.holdTimer.unref();
  }
}
