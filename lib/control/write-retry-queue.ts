/**
 * Node writes the database refused (PostgreSQL restarting, SQLITE_BUSY), kept to be retried on
 * the next ticks instead of dropped. Pure: no I/O, no clock (`now` is passed in).
 *
 * - Snapshots (a node's row) collapse: only the latest per node matters, so the queue holds at
 *   most one per node and a newer one replaces the older.
 * - Events (state changes) are history: every one is kept, in order, up to `maxEvents`; past it
 *   the oldest go first (the newest explain the current state) and are counted in `dropped`.
 * - A failed batch goes back in front of what arrived meanwhile, so each node's events stay in
 *   order; the next attempt waits an exponential backoff.
 */

export type RetryLimits = {
  maxEvents: number;
  /** First retry delay after a failure; doubles per consecutive failure up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
};

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxEvents: 10_000, baseBackoffMs: 250, maxBackoffMs: 10_000 };

export type RetryBatch<E, S> = { events: E[]; snapshots: S[] };

export class WriteRetryQueue<E, S> {
  private events: E[] = [];
  private readonly snapshots = new Map<string, S>();
  private failures = 0;
  private retryAt = 0;
  /** Events dropped past the cap since the start (a counter: it never goes down). */
  dropped = 0;

  constructor(
    private readonly snapshotKey: (snapshot: S) => string,
    private readonly limits: RetryLimits = DEFAULT_RETRY_LIMITS,
  ) {}

  /** New rows to write: appended after what waits (events), or replacing the node's older row (snapshots). */
  add(events: readonly E[], snapshots: readonly S[]): void {
    this.events.push(...events);
    for (const snapshot of snapshots) {
      const key = this.snapshotKey(snapshot);
      // Delete first so the map's order is the order of the latest change.
      this.snapshots.delete(key);
      this.snapshots.set(key, snapshot);
    }
    this.trim();
  }

  /** Something waits and its backoff (if any) has passed. */
  due(now: number): boolean {
    return this.size() > 0 && now >= this.retryAt;
  }

  /** Everything waiting, handed to one write attempt, when a retry is due (`null` while backing off or empty). */
  take(now: number): RetryBatch<E, S> | null {
    if (this.size() === 0 || now < this.retryAt) return null;
    const batch = { events: this.events, snapshots: [...this.snapshots.values()] };
    this.events = [];
    this.snapshots.clear();
    return batch;
  }

  /** The attempt failed: its rows go back in front of those added meanwhile (a newer snapshot of a node wins). */
  failed(batch: RetryBatch<E, S>, now: number): number {
    this.events = [...batch.events, ...this.events];
    const newer = new Map(this.snapshots);
    this.snapshots.clear();
    for (const snapshot of batch.snapshots) {
      const key = this.snapshotKey(snapshot);
      if (!newer.has(key)) this.snapshots.set(key, snapshot);
    }
    for (const [key, snapshot] of newer) this.snapshots.set(key, snapshot);
    this.trim();
    this.failures++;
    const delay = Math.min(this.limits.maxBackoffMs, this.limits.baseBackoffMs * 2 ** (this.failures - 1));
    this.retryAt = now + delay;
    return delay;
  }

  /** The attempt was stored: the next one may go at once. */
  succeeded(): void {
    this.failures = 0;
    this.retryAt = 0;
  }

  /** Consecutive failed attempts (0 once one succeeds). */
  get failing(): number {
    return this.failures;
  }

  size(): number {
    return this.events.length + this.snapshots.size;
  }

  /** Empties the queue (leadership lost: the new leader stores its own verdicts); returns the events given up. */
  clear(): number {
    const given = this.events.length;
    this.events = [];
    this.snapshots.clear();
    this.failures = 0;
    this.retryAt = 0;
    return given;
  }

  private trim(): void {
    const excess = this.events.length - this.limits.maxEvents;
    if (excess <= 0) return;
    this.events = this.events.slice(excess);
    this.dropped += excess;
  }
}
