/** Events per second over a sliding window of one-second slots. */
export class RateCounter {
  private readonly slots: Float64Array;
  private slotSecond = 0;

  constructor(private readonly windowSeconds = 5) {
    this.slots = new Float64Array(windowSeconds);
  }

  add(count: number, now: number): void {
    this.advance(now);
    this.slots[this.slotSecond % this.windowSeconds] += count;
  }

  perSecond(now: number): number {
    this.advance(now);
    let total = 0;
    // The current slot is still filling; average the completed ones.
    for (let i = 1; i < this.windowSeconds; i++) total += this.slots[(this.slotSecond - i + this.windowSeconds * 2) % this.windowSeconds];
    return total / (this.windowSeconds - 1);
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.slotSecond) return;
    const steps = Math.min(this.windowSeconds, second - this.slotSecond);
    for (let i = 1; i <= steps; i++) this.slots[(this.slotSecond + i) % this.windowSeconds] = 0;
    this.slotSecond = second;
  }
}
