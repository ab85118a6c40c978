import type { Heartbeat, LogEntryInput } from "../lib/protocol/agent";
import { SeqQueue } from "./seq-queue";

/**
 * One ordered outbox per stream. Items keep their seq until the server acknowledges them
 * (or rejects them for good); `nextSeq` is the seq the agent will give its next new item.
 */
export type StreamSpool<T extends { seq: number }> = {
  append(item: T): void;
  /** First unacknowledged item with a seq greater than `seq`, in seq order. */
  firstAfter(seq: number): T | undefined;
  remove(seq: number): void;
  size(): number;
  nextSeq(): number;
  setNextSeq(seq: number): void;
  /** Items discarded because the spool was full (oldest first). */
  dropped(): number;
  /**
   * Gives every held item a new seq, consecutive from `first`, keeping their order: the server
   * lost this node's history (a new database) and refuses seqs far above what it stores.
   */
  renumberFrom(first: number): void;
};

/** Every held item, oldest first. */
export function heldItems<T extends { seq: number }>(spool: Pick<StreamSpool<T>, "firstAfter">): T[] {
  const items: T[] = [];
  for (let item = spool.firstAfter(-1); item; item = spool.firstAfter(item.seq)) items.push(item);
  return items;
}

export type Spool = {
  heartbeats: StreamSpool<Heartbeat>;
  logs: StreamSpool<LogEntryInput>;
  /** Persists whatever is buffered; a no-op for memory. */
  close(): Promise<void>;
};

export type StreamName = "heartbeats" | "logs";

export type MemorySpoolOptions = {
  /** Per stream; the oldest items go first when full. */
  maxItems?: number;
};

class MemoryStreamSpool<T extends { seq: number }> implements StreamSpool<T> {
  private queue = new SeqQueue<T>();
  private next = 1;
  private droppedCount = 0;

  constructor(private readonly maxItems: number) {}

  append(item: T): void {
    this.queue.append(item);
    if (item.seq >= this.next) this.next = item.seq + 1;
    while (this.queue.size > this.maxItems) {
      const oldest = this.queue.oldest();
      if (!oldest) break;
      this.queue.remove(oldest.seq);
      this.droppedCount++;
    }
  }
  firstAfter(seq: number): T | undefined {
    return this.queue.firstAfter(seq);
  }
  remove(seq: number): void {
    this.queue.remove(seq);
  }
  size(): number {
    return this.queue.size;
  }
  nextSeq(): number {
    return this.next;
  }
  setNextSeq(seq: number): void {
    this.next = seq;
  }
  dropped(): number {
    return this.droppedCount;
  }
  renumberFrom(first: number): void {
    const items = heldItems(this);
    this.queue = new SeqQueue<T>();
    this.next = first;
    for (const item of items) this.append({ ...item, seq: this.next });
  }
}

export function createMemorySpool(options: MemorySpoolOptions = {}): Spool {
  const maxItems = options.maxItems ?? 100_000;
  return {
    heartbeats: new MemoryStreamSpool<Heartbeat>(maxItems),
    logs: new MemoryStreamSpool<LogEntryInput>(maxItems),
    close: async () => {},
  };
}
