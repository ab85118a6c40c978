/**
 * Items ordered by strictly increasing seq, removable in any order.
 * Backed by an array with a moving head so the common case (acks arrive roughly in order)
 * is O(1) and lookups by seq are a binary search; no per-item allocation beyond the item.
 */
export class SeqQueue<T extends { seq: number }> {
  private seqs: number[] = [];
  private items: (T | undefined)[] = [];
  private head = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  lastSeq(): number | undefined {
    return this.seqs.length > this.head ? this.seqs[this.seqs.length - 1] : undefined;
  }

  oldest(): T | undefined {
    return this.items[this.head];
  }

  append(item: T): void {
    const last = this.lastSeq();
    if (last !== undefined && item.seq <= last) {
      throw new Error(`seq ${item.seq} must be greater than ${last}`);
    }
    this.seqs.push(item.seq);
    this.items.push(item);
    this.live++;
  }

  /** First live item whose seq is greater than `seq`. */
  firstAfter(seq: number): T | undefined {
    for (let index = this.indexAbove(seq); index < this.items.length; index++) {
      const item = this.items[index];
      if (item) return item;
    }
    return undefined;
  }

  get(seq: number): T | undefined {
    const index = this.indexAbove(seq - 1);
    return this.seqs[index] === seq ? this.items[index] : undefined;
  }

  remove(seq: number): T | undefined {
    const index = this.indexAbove(seq - 1);
    if (this.seqs[index] !== seq) return undefined;
    const item = this.items[index];
    if (!item) return undefined;
    this.items[index] = undefined;
    this.live--;
    this.advanceHead();
    return item;
  }

  /** Removes every live item with seq <= `seq`; returns how many were live. */
  removeThrough(seq: number): number {
    let removed = 0;
    while (this.head < this.items.length && this.seqs[this.head] <= seq) {
      if (this.items[this.head]) removed++;
      this.items[this.head] = undefined;
      this.head++;
    }
    this.live -= removed;
    this.advanceHead();
    return removed;
  }

  *values(): IterableIterator<T> {
    for (let index = this.head; index < this.items.length; index++) {
      const item = this.items[index];
      if (item) yield item;
    }
  }

  private indexAbove(seq: number): number {
    let low = this.head;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid] <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private advanceHead(): void {
    while (this.head < this.items.length && this.items[this.head] === undefined) this.head++;
    if (this.head === this.items.length) {
      this.seqs = [];
      this.items = [];
      this.head = 0;
      return;
    }
    // Compact occasionally so a long-lived queue does not keep a growing dead prefix.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.seqs = this.seqs.slice(this.head);
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
