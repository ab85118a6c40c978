import "server-only";
import type { Db } from "./prisma";

/** A login session (keyed by the hash of its cookie token) with the user it belongs to. */
export type SessionWithUser = {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: { id: string; email: string; role: string };
};

export async function insertSession(db: Db, id: string, userId: string, expiresAt: Date): Promise<void> {
  await db.session.create({ data: { id, userId, expiresAt } });
}

export async function findSessionWithUser(db: Db, id: string): Promise<SessionWithUser | null> {
  return db.session.findUnique({
    where: { id },
    select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, role: true } } },
  });
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.session.update({ where: { id }, data: { lastSeenAt: at } });
}

/** Deletes the session if it exists (a logout twice is not an error). */
export async function deleteSessionById(db: Db, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}
