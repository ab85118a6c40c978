import "server-only";
import type { Db } from "./prisma";

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

/** Inserts `user` only while no user exists, atomically; null when one already does. */
export async function insertFirstUser(db: Db, user: NewUserRow): Promise<UserRow | null> {
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: user });
  });
}

export async function updateUserRow(db: Db, id: string, update: UserRowUpdate): Promise<UserRow> {
  return db.user.update({ where: { id }, data: update });
}

export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.user.delete({ where: { id } });
}
