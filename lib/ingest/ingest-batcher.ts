import type { Ack } from "../protocol/common";
import type { Heartbeat, HeartbeatAck, LogEntryInput, LogsAck } from "../protocol/agent";
import type { LogView, MetricPoint } from "../protocol/views";
import type { FleetInput } from "../cluster/fleet-bridge";
import type { HeartbeatRow, LogRow, TimeSeriesStore } from "../store/timeseries-store";
import type { Corkable } from "../realtime/write-coalescing";
import { coalescingWrites } from "../realtime/write-coalescing";
import { AppError } from "../errors";
import { RateCounter } from "./rate-counter";

type PendingAck = () => void;
type Failure = () => void;
type HeartbeatReply = (response: Ack<HeartbeatAck>) => void;

export type IngestObserver = {
  /** Whether anyone looks at this node's samples live: only then is a point built for `onHeartbeat`. */
  watches?: (nodeId: string) => boolean;
  onHeartbeat?: (nodeId: string, point: MetricPoint) => void;
  onLogs?: (entries: LogView[]) => void;
  onBatchWritten?: (seconds: number, heartbeats: number, logs: number) => void;
};

/**
 * One batch: its rows, and everything to do once it is committed (or has failed). Heartbeat
 * acknowledgements are parallel arrays, not a closure each: at 10,000 heartbeats a second the
 * closures were a good part of the garbage the collector spent its time on.
 */
class PendingBatch {
  readonly heartbeats: HeartbeatRow[] = [];
  readonly logs: LogRow[] = [];
  readonly heartbeatReplies: HeartbeatReply[] = [];
  readonly heartbeatSeqs: number[] = [];
  readonly heartbeatFresh: boolean[] = [];
  readonly logAcks: PendingAck[] = [];
  readonly logFailures: Failure[] = [];
  readonly logFailureAcks: ((message: string) => void)[] = [];
  readonly channels = new Set<Corkable>();
  /** When its first item arrived (Date.now()), or null while empty. */
  openedAt: number | null = null;
  /** Estimated memory its rows and acknowledgements hold (see `BACKLOG_COST`). */
  bytes = 0;

  get rows(): number {
    return this.heartbeats.length + this.logs.length;
  }

  get waiting(): number {
    return this.heartbeatReplies.length + this.logAcks.length;
  }
}

/**
 * What an item waiting to be written is counted as against `maxBacklogBytes`: an estimate of the
 * memory it holds (a row object and its reply), plus its variable text. Only lengths that are at
 * hand anyway are added: nothing is serialised to be measured.
 */
const BACKLOG_COST = { heartbeat: 512, duplicate: 64, logBatch: 128, logRow: 256 } as const;
/** Bounds of the retry delay a refusal for a full backlog suggests. */
const BACKLOG_RETRY_MS = { min: 250, max: 10_000 } as const;

export type IngestOptions = {
  flushMs: number;
  maxBatch: number;
  /**
   * Past this much waiting to be written, new events are refused with `unavailable` and a retry
   * delay (agents keep them in their spools) instead of the server's memory growing without bound.
   */
  maxBacklogBytes?: number;
};

/**
 * Validated heartbeats and logs wait here for at most `flushMs`, then are written in one
 * transaction; only then are their acknowledgements sent, so an ack always means committed.
 * A resend (seq at or below the node's high-water mark) is acknowledged as a duplicate after the
 * same commit, because the original may be in the very batch being written.
 * One batch is written at a time: what arrives meanwhile waits and goes into the next batches,
 * each of at most `maxBatch` rows even when the database falls behind, so batches commit in
 * arrival order and a slow database delays acks (the agents' back-pressure) instead of opening
 * more and more concurrent transactions or growing one transaction without bound. What waits is
 * capped too (`maxBacklogBytes`).
 */
export class IngestBatcher {
  /** Sealed batches waiting for the writer, oldest first; the last one is still filling. */
  private readonly queue: PendingBatch[] = [new PendingBatch()];
  private timer: NodeJS.Timeout | null = null;
  /** The running write loop, if any: it keeps writing until nothing is pending. */
  private writing: Promise<void> | null = null;
  /** When the first item of the batch being written arrived, or null when none is. */
  private writingOpenedAt: number | null = null;
  readonly heartbeatRate = new RateCounter();
  readonly logRate = new RateCounter();
  private stopped = false;
  /** Estimated bytes of everything received and not yet written (or failed): all batches, the one being written included. */
  private backlog = 0;

  constructor(
    private readonly writer: TimeSeriesStore,
    private readonly fleet: FleetInput,
    private readonly options: IngestOptions,
    private readonly observer: IngestObserver = {},
  ) {}

  /** Throws `unavailable` (nothing is touched) while the backlog is at its cap. */
  heartbeat(nodeId: string, heartbeat: Heartbeat, ack: HeartbeatReply, channel: Corkable | null = null): void {
    const now = Date.now();
    this.refuseWhenFull(now);
    const batch = this.filling();
    if (channel) batch.channels.add(channel);
    batch.openedAt ??= now;
    const fresh = this.fleet.acceptHeartbeat(nodeId, heartbeat, now);
    let cost = BACKLOG_COST.duplicate;
    if (fresh) {
      const { metrics: m, replication: r } = heartbeat;
      const custom = m.custom ? JSON.stringify(m.custom) : null;
      cost = BACKLOG_COST.heartbeat + (custom?.length ?? 0);
      batch.heartbeats.push({
        nodeId, seq: heartbeat.seq, ts: heartbeat.ts, receivedAt: now, cpu: m.cpu, mem: m.mem, disk: m.disk, netIn: m.netIn,
        netOut: m.netOut, load1: m.load1, latencyMs: m.latencyMs ?? null, errorRate: m.errorRate ?? null,
        custom, repRole: r?.role ?? null, repOffset: r?.offset ?? null,
        repLagMs: r?.lagMs ?? null, repLinkUp: r ? (r.linkUp ? 1 : 0) : null, repFollowing: r?.following ?? null,
      });
      if (this.observer.onHeartbeat && this.observer.watches?.(nodeId) !== false) {
        this.observer.onHeartbeat(nodeId, {
          ts: heartbeat.ts, cpu: m.cpu, mem: m.mem, disk: m.disk, netIn: m.netIn, netOut: m.netOut, load1: m.load1,
          latencyMs: m.latencyMs ?? null, errorRate: m.errorRate ?? null,
        });
      }
    }
    batch.heartbeatReplies.push(ack);
    batch.heartbeatSeqs.push(heartbeat.seq);
    batch.heartbeatFresh.push(fresh);
    this.count(batch, cost);
    this.schedule(batch);
  }

  /** Throws `unavailable` (nothing is touched) while the backlog is at its cap. */
  logBatch(nodeId: string, entries: LogEntryInput[], ack: (response: Ack<LogsAck>) => void, channel: Corkable | null = null): void {
    const now = Date.now();
    this.refuseWhenFull(now);
    const batch = this.filling();
    if (channel) batch.channels.add(channel);
    batch.openedAt ??= now;
    const fresh = this.fleet.acceptLogSeqs(nodeId, entries.map((e) => e.seq));
    const accepted: LogView[] = [];
    let cost = BACKLOG_COST.logBatch;
    entries.forEach((entry, i) => {
      if (!fresh[i]) return;
      const fields = entry.fields ? JSON.stringify(entry.fields) : null;
      cost += BACKLOG_COST.logRow + entry.message.length + (fields?.length ?? 0);
      batch.logs.push({
        nodeId, seq: entry.seq, ts: entry.ts, receivedAt: now, level: entry.level, message: entry.message,
        fields,
      });
      accepted.push({ nodeId, seq: entry.seq, ts: entry.ts, level: entry.level, message: entry.message, fields: entry.fields ?? null });
    });
    if (accepted.length) {
      this.observer.onLogs?.(accepted);
      const firstSeq = accepted[0].seq;
      batch.logFailures.push(() => this.fleet.rewind(nodeId, null, firstSeq - 1));
    }
    const lastSeq = entries[entries.length - 1]?.seq ?? 0;
    batch.logAcks.push(() => ack({ ok: true, data: { accepted: accepted.length, duplicates: entries.length - accepted.length, lastSeq } }));
    batch.logFailureAcks.push((message) => ack({ ok: false, error: { code: "unavailable", message } }));
    this.count(batch, cost);
    this.schedule(batch);
  }

  /**
   * Writes everything pending and sends the acknowledgements; resolves once all of it is
   * committed (or failed). While a batch is being written, new work joins the next batches.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writing) return this.writing;
    if (!this.hasPending()) return Promise.resolve();
    const writing = this.writeUntilEmpty();
    this.writing = writing;
    return writing;
  }

  /** Flushes what is pending and refuses new work: for a clean shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * How long the oldest item received and not yet acknowledged has waited: a few tens of ms when
   * the database keeps up. Agents hold back what follows until they are acknowledged, so a long
   * backlog means their heartbeats reach us late because of us, not because of them.
   */
  backlogMs(now: number): number {
    const oldest = this.writingOpenedAt ?? this.queue[0].openedAt;
    return oldest === null ? 0 : Math.max(0, now - oldest);
  }

  /** Estimated bytes received and not yet written: what `maxBacklogBytes` caps. */
  get backlogBytes(): number {
    return this.backlog;
  }

  /**
   * Refuses new work while the backlog is at its cap. The delay suggested is about as long as the
   * oldest waiting item has waited: roughly how far behind the writer is.
   */
  private refuseWhenFull(now: number): void {
    const cap = this.options.maxBacklogBytes;
    if (cap === undefined || this.backlog < cap) return;
    const retryAfterMs = Math.min(BACKLOG_RETRY_MS.max, Math.max(BACKLOG_RETRY_MS.min, this.backlogMs(now)));
    throw new AppError("unavailable", `ingest backlog full (${this.backlog} of ${cap} bytes waiting to be written), retry later`, { retryAfterMs });
  }

  private count(batch: PendingBatch, bytes: number): void {
    batch.bytes += bytes;
    this.backlog += bytes;
  }

  /** The batch new work joins: a full one is sealed and a new one started. */
  private filling(): PendingBatch {
    const last = this.queue[this.queue.length - 1];
    if (last.rows < this.options.maxBatch) return last;
    const next = new PendingBatch();
    this.queue.push(next);
    return next;
  }

  private hasPending(): boolean {
    return this.queue.some((batch) => batch.waiting > 0);
  }

  private async writeUntilEmpty(): Promise<void> {
    try {
      // The first await comes before the loop can end, so `writing` is set before it is cleared.
      do await this.writeOldest();
      while (this.hasPending());
    } finally {
      this.writing = null;
    }
  }

  /** Writes the oldest batch; never rejects (a failure rewinds and is acknowledged as such). */
  private async writeOldest(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue.shift() as PendingBatch;
    if (this.queue.length === 0) this.queue.push(new PendingBatch());
    this.writingOpenedAt = batch.openedAt;
    try {
      await this.writeAndAcknowledge(batch);
    } finally {
      this.writingOpenedAt = null;
      this.backlog -= batch.bytes;
    }
  }

  private async writeAndAcknowledge(batch: PendingBatch): Promise<void> {
    const { heartbeats, logs, heartbeatReplies: replies, heartbeatSeqs: seqs, heartbeatFresh: freshness, channels } = batch;
    const started = performance.now();
    try {
      await this.writer.writeBatch(heartbeats, logs);
    } catch (error) {
      console.error("[ingest] batch write failed; agents will resend", error);
      // Each node ends at the seq before its earliest unwritten item (rewind keeps the minimum).
      for (const fail of batch.logFailures) fail();
      for (const row of heartbeats) this.fleet.rewind(row.nodeId, row.seq - 1, null);
      const unavailable = { ok: false as const, error: { code: "unavailable" as const, message: "storage unavailable, retry" } };
      coalescingWrites(channels, () => {
        for (const reply of replies) reply(unavailable);
        for (const fail of batch.logFailureAcks) fail(unavailable.error.message);
      });
      return;
    }
    const now = Date.now();
    this.heartbeatRate.add(heartbeats.length, now);
    this.logRate.add(logs.length, now);
    this.observer.onBatchWritten?.((performance.now() - started) / 1000, heartbeats.length, logs.length);
    coalescingWrites(channels, () => {
      for (let i = 0; i < replies.length; i++) replies[i]({ ok: true, data: { seq: seqs[i], duplicate: !freshness[i] } });
      for (const ack of batch.logAcks) ack();
    });
  }

  private schedule(batch: PendingBatch): void {
    if (batch.rows >= this.options.maxBatch) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }
}
