import "server-only";
import type { Db } from "./prisma";

/** One throttle key's row (`ip:<address>` or `account:<email>`); times in epoch ms. */
export type ThrottleRow = { key: string; failures: number; lastFailureAt: number; blockedUntil: number };

function toRow(row: { key: string; failures: number; lastFailureAt: bigint; blockedUntil: bigint }): ThrottleRow {
  return { key: row.key, failures: row.failures, lastFailureAt: Number(row.lastFailureAt), blockedUntil: Number(row.blockedUntil) };
}

export async function readThrottleRows(db: Db, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  return rows.map(toRow);
}

/**
 * Counts one failure of `key` at `now`. The count is an atomic increment (an upsert), so
 * failures racing on several instances are all counted; a row quiet since before
 * `forgetBefore` starts again from one. `blockMsFor(failures)` gives the block that follows;
 * a block only ever grows, whichever racing failure writes it last.
 */
export async function recordThrottleFailure(
  db: Db,
  key: string,
  now: number,
  forgetBefore: number,
  blockMsFor: (failures: number) => number,
): Promise<ThrottleRow> {
  await db.loginThrottle.deleteMany({ where: { key, lastFailureAt: { lt: BigInt(forgetBefore) } } });
  const row = await db.loginThrottle.upsert({
    where: { key },
    create: { key, failures: 1, lastFailureAt: BigInt(now), blockedUntil: 0n },
    update: { failures: { increment: 1 }, lastFailureAt: BigInt(now) },
  });
  const block = blockMsFor(row.failures);
  if (block === 0) return toRow(row);
  const blockedUntil = BigInt(now + block);
  await db.loginThrottle.updateMany({ where: { key, blockedUntil: { lt: blockedUntil } }, data: { blockedUntil } });
  return { ...toRow(row), blockedUntil: Math.max(Number(row.blockedUntil), now + block) };
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/** Drops rows without a failure since `before` (they would be forgotten anyway). */
export async function pruneThrottleRows(db: Db, before: number): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({ where: { lastFailureAt: { lt: BigInt(before) } } });
  return count;
}
