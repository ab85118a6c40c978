import { AppError } from "../errors";

export type StreamBounds = { maxClockSkewMs: number; maxSeqJump: number };

/**
 * Refuses an item that would poison a node's history (issue #12): a seq far above what is
 * stored would make every later item of the real stream look like a resend, and a timestamp
 * from the future would outlive retention. Old timestamps stay acceptable: an agent replays
 * what it spooled while it could not reach Vigil.
 */
export function checkStreamItem(item: { seq: number; ts: number }, highWater: number, now: number, bounds: StreamBounds): void {
  if (item.seq > highWater + bounds.maxSeqJump) {
    throw new AppError(
      "seq_out_of_range",
      `seq ${item.seq} is more than ${bounds.maxSeqJump} above the last stored ${highWater}: resume after ${highWater}`,
    );
  }
  if (item.ts > now + bounds.maxClockSkewMs) {
    throw new AppError("clock_skew", `timestamp ${new Date(item.ts).toISOString()} is ahead of Vigil's clock by more than ${bounds.maxClockSkewMs} ms: check the host's clock (NTP)`);
  }
}
