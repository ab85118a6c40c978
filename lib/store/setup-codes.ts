import "server-only";
import type { Db } from "./prisma";

/**
 * First-run setup codes: one JobState row per valid code, keyed by the code's sha256, so every
 * instance sharing the database accepts a code any of them printed, and instances starting
 * together never overwrite each other's (one row each, no read-modify-write of a shared list).
 */
export const SETUP_CODE_PREFIX = "setup-code:";

export function setupCodeKey(hash: string): string {
  return SETUP_CODE_PREFIX + hash;
}

export async function addSetupCodeHash(db: Db, hash: string, now: number): Promise<void> {
  const key = setupCodeKey(hash);
  await db.jobState.upsert({ where: { key }, create: { key, value: String(now) }, update: {} });
}

export async function hasSetupCodeHash(db: Db, hash: string): Promise<boolean> {
  return (await db.jobState.findUnique({ where: { key: setupCodeKey(hash) } })) !== null;
}

/** Every code dies once a user exists. */
export async function deleteSetupCodes(db: Db): Promise<void> {
  await db.jobState.deleteMany({ where: { key: { startsWith: SETUP_CODE_PREFIX } } });
}
