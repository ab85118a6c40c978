import "server-only";
import { engineOf, type Db } from "./prisma";
import { SETUP_CODE_PREFIX, setupCodeKey } from "./setup-codes";

export type UserRow = { id: string; email: string; name: string | null; role: string; passwordHash: string; createdAt: Date };
export type NewUserRow = { id: string; email: string; name: string | null; role: string; passwordHash: string };
export type UserRowUpdate = { role?: string; name?: string; passwordHash?: string };

export async function countUserRows(db: Db): Promise<number> {
  return db.user.count();
}

export async function countAdminsOtherThan(db: Db, userId: string): Promise<number> {
  return db.user.count({ where: { role: "admin", id: { not: userId } } });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { email } });
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { id } });
}

export async function listUserRows(db: Db): Promise<UserRow[]> {
  return db.user.findMany({ orderBy: { createdAt: "asc" } });
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db.user.create({ data: user });
}

/** An arbitrary constant of Vigil's: the advisory lock id of first-user creation. */
const FIRST_USER_LOCK = 0x76_69_67_01;

export type FirstUserOutcome = { kind: "created"; row: UserRow } | { kind: "exists" } | { kind: "bad_code" };

/**
 * Inserts `user` only while no user exists and only with a valid setup code (the sha256 of one
 * `setup-codes.ts` stored), atomically on both engines, and retires every setup code with it.
 * SQLite: the process's write lock already runs one transaction at a time. PostgreSQL: under
 * READ COMMITTED two transactions could both count zero users, so each first takes the same
 * transaction-scoped advisory lock and the second one counts after the first committed.
 */
export async function insertFirstUser(db: Db, user: NewUserRow, setupCodeHash: string): Promise<FirstUserOutcome> {
  return db.$transaction(async (tx) => {
    if (engineOf(db) === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`);
    if ((await tx.user.count()) > 0) return { kind: "exists" };
    if (!(await tx.jobState.findUnique({ where: { key: setupCodeKey(setupCodeHash) } }))) return { kind: "bad_code" };
    const row = await tx.user.create({ data: user });
    await tx.jobState.deleteMany({ where: { key: { startsWith: SETUP_CODE_PREFIX } } });
    return { kind: "created", row };
  });
}

export async function updateUserRow(db: Db, id: string, update: UserRowUpdate): Promise<UserRow> {
  return db.user.update({ where: { id }, data: update });
}

export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.user.delete({ where: { id } });
}
