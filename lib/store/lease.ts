import "server-only";
import { AppError } from "../errors";
import type { Db } from "./prisma";

/** The lease every once-per-fleet job runs under. */
export const LEADER_LEASE = "leader";

export type LeaseHold = { name: string; holder: string; fence: number; acquiredAt: number; expiresAt: number };

type LeaseClient = Pick<Db, "lease">;

const toHold = (row: { name: string; holder: string; fence: number; acquiredAt: bigint; expiresAt: bigint }): LeaseHold => ({
  name: row.name,
  holder: row.holder,
  fence: row.fence,
  acquiredAt: Number(row.acquiredAt),
  expiresAt: Number(row.expiresAt),
});

async function ensureLeaseRow(db: Db, name: string): Promise<void> {
  try {
    await db.lease.upsert({ where: { name }, create: { name, holder: "", fence: 0, acquiredAt: 0n, expiresAt: 0n }, update: {} });
  } catch (error) {
    // Two instances creating the row at once: one wins, the other finds it there.
    if (!(error instanceof Error && "code" in error && (error as { code: unknown }).code === "P2002")) throw error;
  }
}

/**
 * Renews the lease when `holder` still has it, else takes it when it has expired (the fencing
 * counter then grows by one). Both are single conditional UPDATEs, so two instances racing for
 * an expired lease cannot both win on either engine. Null when someone else holds it.
 */
export async function acquireOrRenewLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<LeaseHold | null> {
  await ensureLeaseRow(db, name);
  const until = BigInt(now + ttlMs);
  const renewed = await db.lease.updateMany({ where: { name, holder, expiresAt: { gt: BigInt(now) } }, data: { expiresAt: until } });
  if (renewed.count === 0) {
    const taken = await db.lease.updateMany({
      where: { name, expiresAt: { lte: BigInt(now) } },
      data: { holder, fence: { increment: 1 }, acquiredAt: BigInt(now), expiresAt: until },
    });
    if (taken.count === 0) return null;
  }
  const row = await db.lease.findUnique({ where: { name } });
  return row && row.holder === holder ? toHold(row) : null;
}

/**
 * Extends a lease the caller held under `hold.fence`, even one that expired meanwhile, as long as
 * nobody took it since (holder and fence unchanged): a leader whose event loop stalled past its
 * lease resumes without a new fence and without restarting its jobs. Null when it was taken.
 */
export async function resumeLease(db: Db, hold: Pick<LeaseHold, "name" | "holder" | "fence">, now: number, ttlMs: number): Promise<LeaseHold | null> {
  const resumed = await db.lease.updateMany({ where: { name: hold.name, holder: hold.holder, fence: hold.fence }, data: { expiresAt: BigInt(now + ttlMs) } });
  if (resumed.count === 0) return null;
  const row = await db.lease.findUnique({ where: { name: hold.name } });
  return row && row.holder === hold.holder && row.fence === hold.fence ? toHold(row) : null;
}

/**
 * Takes the lease whoever holds it (fence + 1). Only for a lone instance (no REDIS_URL): after its
 * own crash and restart it must not wait out its previous life's lease.
 */
export async function seizeLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<LeaseHold> {
  await ensureLeaseRow(db, name);
  const before = await db.lease.findUnique({ where: { name } });
  if (before && before.holder !== "" && before.holder !== holder && Number(before.expiresAt) > now) {
    console.warn(`[leader] took the lease from ${before.holder}: without REDIS_URL only one instance may use this database`);
  }
  await db.lease.update({ where: { name }, data: { holder, fence: { increment: 1 }, acquiredAt: BigInt(now), expiresAt: BigInt(now + ttlMs) } });
  const row = await db.lease.findUniqueOrThrow({ where: { name } });
  return toHold(row);
}

/** Lets the lease go at once (clean shutdown), so another instance need not wait for it to expire. */
export async function releaseLease(db: Db, hold: Pick<LeaseHold, "name" | "holder" | "fence">): Promise<void> {
  await db.lease.updateMany({ where: { name: hold.name, holder: hold.holder, fence: hold.fence }, data: { expiresAt: 0n } });
}

export async function currentLease(db: Db, name: string): Promise<LeaseHold | null> {
  const row = await db.lease.findUnique({ where: { name } });
  return row && row.holder !== "" ? toHold(row) : null;
}

/**
 * Inside a transaction: proves the caller still holds the lease under `fence`, and locks the row
 * until commit (a no-op UPDATE), so no other instance can take the lease between this check and
 * the writes that depend on it. A deposed leader's write is refused here.
 */
export async function assertLeaseHeld(tx: LeaseClient, hold: Pick<LeaseHold, "name" | "holder" | "fence">, now: number): Promise<void> {
  const held = await tx.lease.updateMany({
    where: { name: hold.name, holder: hold.holder, fence: hold.fence, expiresAt: { gt: BigInt(now) } },
    data: { holder: hold.holder },
  });
  if (held.count === 0) throw new AppError("conflict", `${hold.holder} no longer holds the ${hold.name} lease (fence ${hold.fence}): write refused`);
}
