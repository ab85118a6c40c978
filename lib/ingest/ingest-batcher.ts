import type { Ack } from "../protocol/common";
import type { Heartbeat, HeartbeatAck, LogEntryInput, LogsAck } from "../protocol/agent";
import type { LogView, MetricPoint } from "../protocol/views";
import type { FleetInput } from "../cluster/fleet-bridge";
import type { HeartbeatRow, LogRow, TimeSeriesStore } from "../store/timeseries-store";
import type { Corkable } from "../realtime/write-coalescing";
import { coalescingWrites } from "../realtime/write-coalescing";
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
 * Validated heartbeats and logs wait here for at most `flushMs`, then are written in one
 * transaction; only then are their acknowledgements sent, so an ack always means committed.
 * A resend (seq at or below the node's high-water mark) is acknowledged as a duplicate after the
 * same commit, because the original may be in the very batch being written.
 * One batch is written at a time: what arrives meanwhile waits and goes into the next batch, so
 * batches commit in arrival order and a slow database delays acks (the agents' back-pressure)
 * instead of opening more and more concurrent transactions.
 */
export class IngestBatcher {
  private heartbeats: HeartbeatRow[] = [];
  private logs: LogRow[] = [];
  /**
   * Heartbeat acknowledgements as parallel arrays, not a closure each: at 10,000 heartbeats a
   * second the closures were a good part of the garbage the collector spent its time on.
   */
  private heartbeatReplies: HeartbeatReply[] = [];
  private heartbeatSeqs: number[] = [];
  private heartbeatFresh: boolean[] = [];
  private acks: PendingAck[] = [];
  private channels = new Set<Corkable>();
  private failures: Failure[] = [];
  private failureAcks: ((message: string) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The running write loop, if any: it keeps writing until nothing is pending. */
  private writing: Promise<void> | null = null;
  readonly heartbeatRate = new RateCounter();
  readonly logRate = new RateCounter();
  private stopped = false;

  constructor(
    private readonly writer: TimeSeriesStore,
    private readonly fleet: FleetInput,
    private readonly options: { flushMs: number; maxBatch: number },
    private readonly observer: IngestObserver = {},
  ) {}

  heartbeat(nodeId: string, heartbeat: Heartbeat, ack: HeartbeatReply, channel: Corkable | null = null): void {
    if (channel) this.channels.add(channel);
    const now = Date.now();
    const fresh = this.fleet.acceptHeartbeat(nodeId, heartbeat, now);
    if (fresh) {
      const { metrics: m, replication: r } = heartbeat;
      this.heartbeats.push({
        nodeId, seq: heartbeat.seq, ts: heartbeat.ts, receivedAt: now, cpu: m.cpu, mem: m.mem, disk: m.disk, netIn: m.netIn,
        netOut: m.netOut, load1: m.load1, latencyMs: m.latencyMs ?? null, errorRate: m.errorRate ?? null,
        custom: m.custom ? JSON.stringify(m.custom) : null, repRole: r?.role ?? null, repOffset: r?.offset ?? null,
        repLagMs: r?.lagMs ?? null, repLinkUp: r ? (r.linkUp ? 1 : 0) : null, repFollowing: r?.following ?? null,
      });
      if (this.observer.onHeartbeat && this.observer.watches?.(nodeId) !== false) {
        this.observer.onHeartbeat(nodeId, {
          ts: heartbeat.ts, cpu: m.cpu, mem: m.mem, disk: m.disk, netIn: m.netIn, netOut: m.netOut, load1: m.load1,
          latencyMs: m.latencyMs ?? null, errorRate: m.errorRate ?? null,
        });
      }
    }
    this.heartbeatReplies.push(ack);
    this.heartbeatSeqs.push(heartbeat.seq);
    this.heartbeatFresh.push(fresh);
    this.schedule();
  }

  logBatch(nodeId: string, entries: LogEntryInput[], ack: (response: Ack<LogsAck>) => void, channel: Corkable | null = null): void {
    if (channel) this.channels.add(channel);
    const now = Date.now();
    const fresh = this.fleet.acceptLogSeqs(nodeId, entries.map((e) => e.seq));
    const accepted: LogView[] = [];
    entries.forEach((entry, i) => {
      if (!fresh[i]) return;
      this.logs.push({
        nodeId, seq: entry.seq, ts: entry.ts, receivedAt: now, level: entry.level, message: entry.message,
        fields: entry.fields ? JSON.stringify(entry.fields) : null,
      });
      accepted.push({ nodeId, seq: entry.seq, ts: entry.ts, level: entry.level, message: entry.message, fields: entry.fields ?? null });
    });
    if (accepted.length) {
      this.observer.onLogs?.(accepted);
      const firstSeq = accepted[0].seq;
      this.failures.push(() => this.fleet.rewind(nodeId, null, firstSeq - 1));
    }
    const lastSeq = entries[entries.length - 1]?.seq ?? 0;
    this.acks.push(() => ack({ ok: true, data: { accepted: accepted.length, duplicates: entries.length - accepted.length, lastSeq } }));
    this.failureAcks.push((message) => ack({ ok: false, error: { code: "unavailable", message } }));
    this.schedule();
  }

  /**
   * Writes everything pending and sends the acknowledgements; resolves once all of it is
   * committed (or failed). While a batch is being written, new work joins the next batch.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writing) return this.writing;
    if (this.pendingCount() === 0) return Promise.resolve();
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

  private async writeUntilEmpty(): Promise<void> {
    try {
      // The first await comes before the loop can end, so `writing` is set before it is cleared.
      do await this.writePending();
      while (this.pendingCount() > 0);
    } finally {
      this.writing = null;
    }
  }

  /** Writes the pending batch; never rejects (a failure rewinds and is acknowledged as such). */
  private async writePending(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const heartbeats = this.heartbeats;
    const logs = this.logs;
    const replies = this.heartbeatReplies;
    const seqs = this.heartbeatSeqs;
    const freshness = this.heartbeatFresh;
    const acks = this.acks;
    const failures = this.failures;
    const failureAcks = this.failureAcks;
    const channels = this.channels;
    this.channels = new Set();
    this.heartbeats = [];
    this.logs = [];
    this.heartbeatReplies = [];
    this.heartbeatSeqs = [];
    this.heartbeatFresh = [];
    this.acks = [];
    this.failures = [];
    this.failureAcks = [];
    const started = performance.now();
    try {
      await this.writer.writeBatch(heartbeats, logs);
    } catch (error) {
      console.error("[ingest] batch write failed; agents will resend", error);
      // Rewind in reverse so each node ends at the seq before its earliest unwritten item.
      for (let i = failures.length - 1; i >= 0; i--) failures[i]();
      for (let i = heartbeats.length - 1; i >= 0; i--) this.fleet.rewind(heartbeats[i].nodeId, heartbeats[i].seq - 1, null);
      const unavailable = { ok: false as const, error: { code: "unavailable" as const, message: "storage unavailable, retry" } };
      coalescingWrites(channels, () => {
        for (const reply of replies) reply(unavailable);
        for (const fail of failureAcks) fail(unavailable.error.message);
      });
      return;
    }
    const now = Date.now();
    this.heartbeatRate.add(heartbeats.length, now);
    this.logRate.add(logs.length, now);
    this.observer.onBatchWritten?.((performance.now() - started) / 1000, heartbeats.length, logs.length);
    coalescingWrites(channels, () => {
      for (let i = 0; i < replies.length; i++) replies[i]({ ok: true, data: { seq: seqs[i], duplicate: !freshness[i] } });
      for (const ack of acks) ack();
    });
  }

  private pendingCount(): number {
    return this.heartbeatReplies.length + this.acks.length;
  }

  private schedule(): void {
    if (this.heartbeats.length + this.logs.length >= this.options.maxBatch) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }
}
