import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Heartbeat, LogEntryInput } from "../lib/protocol/agent";
import { SeqQueue } from "./seq-queue";
import { heldItems, type Spool, type StreamName, type StreamSpool } from "./spool";

/*
 * Layout per stream: <dir>/<stream>/seg-<firstSeq>.jsonl (one JSON item per line) plus
 * state.json { nextSeq, ackedThrough, dropped }. Unacknowledged items are also held in memory;
 * disk is the copy that survives a restart. Writes are batched on one timer (no fsync): a crash
 * loses at most the last flush interval, which the server tolerates because seqs are stable.
 */

export type DiskSpoolOptions = {
  dir: string;
  /** Bound for both streams together; the oldest segment goes when exceeded. */
  maxBytes?: number;
  flushIntervalMs?: number;
};

const stateSchema = z.object({
  nextSeq: z.number().int().min(1),
  ackedThrough: z.number().int().min(0),
  dropped: z.number().int().min(0),
});
type StreamState = z.infer<typeof stateSchema>;

type Segment = { file: string; firstSeq: number; lastSeq: number; bytes: number };

const SEGMENT_PATTERN = /^seg-(\d+)\.jsonl$/;

class DiskStreamSpool<T extends { seq: number }> implements StreamSpool<T> {
  private queue = new SeqQueue<T>();
  private segments: Segment[] = [];
  private current: { segment: Segment; fd: number } | undefined;
  private pendingLines: string[] = [];
  private pendingBytes = 0;
  private next = 1;
  private droppedCount = 0;
  private stateDirty = false;
  private writtenState = "";

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.load();
  }

  append(item: T): void {
    this.queue.append(item);
    if (item.seq >= this.next) this.next = item.seq + 1;
    const line = `${JSON.stringify(item)}\n`;
    const bytes = Buffer.byteLength(line);
    const segment = this.segmentFor(item.seq, bytes);
    segment.lastSeq = item.seq;
    segment.bytes += bytes;
    this.pendingLines.push(line);
    this.pendingBytes += bytes;
    this.stateDirty = true;
    this.enforceBound();
  }
  firstAfter(seq: number): T | undefined {
    return this.queue.firstAfter(seq);
  }
  remove(seq: number): void {
    if (!this.queue.remove(seq)) return;
    this.stateDirty = true;
  }
  size(): number {
    return this.queue.size;
  }
  nextSeq(): number {
    return this.next;
  }
  setNextSeq(seq: number): void {
    if (seq === this.next) return;
    this.next = seq;
    this.stateDirty = true;
  }
  dropped(): number {
    return this.droppedCount;
  }
  renumberFrom(first: number): void {
    const items = heldItems(this);
    if (this.current) fs.closeSync(this.current.fd);
    this.current = undefined;
    for (const segment of this.segments) fs.rmSync(segment.file, { force: true });
    this.segments = [];
    this.pendingLines = [];
    this.pendingBytes = 0;
    this.queue = new SeqQueue<T>();
    this.next = first;
    for (const item of items) this.append({ ...item, seq: this.next });
    this.stateDirty = true;
    this.flush();
  }
  totalBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  /** Writes buffered lines, the cursor, and deletes fully acknowledged segments. */
  flush(): void {
    if (this.pendingLines.length > 0 && this.current) {
      fs.writeSync(this.current.fd, this.pendingLines.join(""));
      this.pendingLines = [];
      this.pendingBytes = 0;
    }
    if (!this.stateDirty) return;
    this.stateDirty = false;
    this.deleteAckedSegments();
    const state: StreamState = { nextSeq: this.next, ackedThrough: this.ackedThrough(), dropped: this.droppedCount };
    const text = JSON.stringify(state);
    if (text === this.writtenState) return;
    // Write-then-rename so a crash never leaves a half-written cursor.
    const target = path.join(this.dir, "state.json");
    fs.writeFileSync(`${target}.tmp`, text);
    fs.renameSync(`${target}.tmp`, target);
    this.writtenState = text;
  }

  close(): void {
    this.flush();
    if (this.current) fs.closeSync(this.current.fd);
    this.current = undefined;
  }

  private ackedThrough(): number {
    const oldest = this.queue.oldest();
    return oldest ? oldest.seq - 1 : this.next - 1;
  }

  private segmentFor(seq: number, bytes: number): Segment {
    if (this.current && this.current.segment.bytes + bytes <= this.segmentBytes) return this.current.segment;
    this.flush();
    if (this.current) fs.closeSync(this.current.fd);
    const file = path.join(this.dir, `seg-${String(seq).padStart(16, "0")}.jsonl`);
    const segment: Segment = { file, firstSeq: seq, lastSeq: seq, bytes: 0 };
    this.current = { segment, fd: fs.openSync(file, "a") };
    this.segments.push(segment);
    return segment;
  }

  private enforceBound(): void {
    let total = this.totalBytes();
    while (total > this.maxBytes && this.segments.length > 1) {
      const oldest = this.segments.shift();
      if (!oldest) break;
      this.droppedCount += this.queue.removeThrough(oldest.lastSeq);
      total -= oldest.bytes;
      fs.rmSync(oldest.file, { force: true });
      this.stateDirty = true;
    }
  }

  private deleteAckedSegments(): void {
    const acked = this.ackedThrough();
    while (this.segments.length > 0) {
      const oldest = this.segments[0];
      if (oldest.lastSeq > acked || oldest === this.current?.segment) return;
      this.segments.shift();
      fs.rmSync(oldest.file, { force: true });
    }
  }

  private load(): void {
    const state = readState(path.join(this.dir, "state.json"));
    this.next = state.nextSeq;
    this.droppedCount = state.dropped;
    const files = fs
      .readdirSync(this.dir)
      .filter((name) => SEGMENT_PATTERN.test(name))
      .sort();
    for (const name of files) {
      const file = path.join(this.dir, name);
      const segment: Segment = { file, firstSeq: Number(SEGMENT_PATTERN.exec(name)?.[1] ?? 0), lastSeq: 0, bytes: 0 };
      for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        segment.bytes += Buffer.byteLength(line) + 1;
        const item = parseLine<T>(line);
        if (!item) continue; // a torn last line after a crash, or a blank line
        segment.lastSeq = Math.max(segment.lastSeq, item.seq);
        this.next = Math.max(this.next, item.seq + 1);
        const last = this.queue.lastSeq() ?? 0;
        if (item.seq > state.ackedThrough && item.seq > last) this.queue.append(item);
      }
      this.segments.push(segment);
    }
    this.writtenState = JSON.stringify(state);
    // New items always go to a fresh segment so a torn line never gets glued to a new one.
    this.stateDirty = true;
    this.flush();
  }
}

function readState(file: string): StreamState {
  const fresh: StreamState = { nextSeq: 1, ackedThrough: 0, dropped: 0 };
  if (!fs.existsSync(file)) return fresh;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : fresh;
  } catch {
    return fresh;
  }
}

function parseLine<T extends { seq: number }>(line: string): T | undefined {
  if (line.trim() === "") return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null || !("seq" in value) || typeof value.seq !== "number") {
      return undefined;
    }
    // The file is our own output; the server validates the shape again on receipt.
    return value as T;
  } catch {
    return undefined;
  }
}

export type DiskSpool = Spool & { flush(): void; totalBytes(): number };

export function createDiskSpool(options: DiskSpoolOptions): DiskSpool {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  // Split evenly so a log storm can never push out the heartbeats detection depends on.
  const budgets: Record<StreamName, number> = {
    heartbeats: Math.floor(maxBytes / 2),
    logs: Math.floor(maxBytes / 2),
  };
  const segmentBytes = (budget: number) => Math.max(4096, Math.min(4 * 1024 * 1024, Math.floor(budget / 8)));
  const heartbeats = new DiskStreamSpool<Heartbeat>(
    path.join(options.dir, "heartbeats"),
    budgets.heartbeats,
    segmentBytes(budgets.heartbeats),
  );
  const logs = new DiskStreamSpool<LogEntryInput>(path.join(options.dir, "logs"), budgets.logs, segmentBytes(budgets.logs));
  const flush = () => {
    heartbeats.flush();
    logs.flush();
  };
  const timer = setInterval(flush, options.flushIntervalMs ?? 250);
  timer.unref();
  return {
    heartbeats,
    logs,
    flush,
    totalBytes: () => heartbeats.totalBytes() + logs.totalBytes(),
    close: async () => {
      clearInterval(timer);
      heartbeats.close();
      logs.close();
    },
  };
}
