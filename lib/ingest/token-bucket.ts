/**
 * Classic token bucket: `ratePerSec` refill up to `burst`. `take` refuses what does not fit
 * (events); `spend` may overdraw (bytes: they have already arrived, so a packet larger than what
 * is left still passes, and the debt is repaid before the next one does).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly ratePerSec: number, private readonly burst: number, now: number) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(now: number, cost = 1): boolean {
    this.refill(now);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Takes `cost` even if it leaves the bucket in debt. */
  spend(now: number, cost: number): void {
    this.refill(now);
    this.tokens -= cost;
  }

  /** Milliseconds until `cost` could be taken (for a spend, `cost` 0: until the debt is repaid); 0 when it can now. */
  waitMs(now: number, cost = 1): number {
    this.refill(now);
    if (this.tokens >= cost) return 0;
    return Math.ceil(((cost - this.tokens) / this.ratePerSec) * 1000);
  }

  private refill(now: number): void {
    // A clock stepped back refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.ratePerSec);
    this.updatedAt = Math.max(now, this.updatedAt);
  }
}
