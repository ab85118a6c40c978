import { TokenBucket } from "./token-bucket";

type TokenEntry = { bytes: TokenBucket; connections: number };

/**
 * Per enrollment token, on this instance: the byte budget all its agents' connections share, and
 * how many live connections presented the token (held against its `maxConnections`). One entry
 * per token ever seen: tokens are created by admins, a handful, so nothing is ever evicted (and
 * reconnecting never buys a fresh budget).
 */
export class TokenBudgets {
  private readonly tokens = new Map<string, TokenEntry>();

  constructor(private readonly budget: { bytesPerSec: number; byteBurst: number }) {}

  /** The byte budget shared by every connection of `tokenId`. */
  bytes(tokenId: string, now: number): TokenBucket {
    return this.entry(tokenId, now).bytes;
  }

  /**
   * Counts one more live connection presenting `tokenId`. Answers how to release it (idempotent),
   * or null when the token already holds `maxConnections` (null: no limit).
   */
  admit(tokenId: string, maxConnections: number | null, now: number): (() => void) | null {
    const entry = this.entry(tokenId, now);
    if (maxConnections !== null && entry.connections >= maxConnections) return null;
    entry.connections++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      entry.connections--;
    };
  }

  connections(tokenId: string): number {
    return this.tokens.get(tokenId)?.connections ?? 0;
  }

  private entry(tokenId: string, now: number): TokenEntry {
    let entry = this.tokens.get(tokenId);
    if (!entry) {
      entry = { bytes: new TokenBucket(this.budget.bytesPerSec, this.budget.byteBurst, now), connections: 0 };
      this.tokens.set(tokenId, entry);
    }
    return entry;
  }
}
