import "server-only";
import type { Db } from "../store/prisma";
import type { Principal } from "./principal";
import { getConfig } from "../config";
import { roleSchema } from "../protocol/common";
import { deleteSessionById, findSessionWithUser, insertSession, touchSession } from "../store/sessions";
import { hashSecret, newSecret } from "./secrets";

export const SESSION_COOKIE = "vigil_session";
const TOUCH_INTERVAL_MS = 60_000;

/** lastSeenAt is written at most this often, but often enough that an idle timeout never ends a session in use. */
export function touchIntervalMs(idleMs: number): number {
  return idleMs > 0 ? Math.min(TOUCH_INTERVAL_MS, idleMs / 4) : TOUCH_INTERVAL_MS;
}

export async function createSession(db: Db, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret("session");
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await insertSession(db, hashSecret(token), userId, expiresAt);
  return { token, expiresAt };
}

export async function principalFromSession(db: Db, token: string): Promise<Principal | null> {
  const session = await findSessionWithUser(db, hashSecret(token));
  if (!session) return null;
  const now = Date.now();
  const idleMs = getConfig().sessionIdleMs;
  const idle = now - session.lastSeenAt.getTime();
  if (session.expiresAt.getTime() <= now || (idleMs > 0 && idle > idleMs)) {
    await deleteSessionById(db, session.id).catch(() => undefined);
    return null;
  }
  if (idle > touchIntervalMs(idleMs)) {
    await touchSession(db, session.id, new Date(now)).catch(() => undefined);
  }
  return { kind: "user", id: session.user.id, name: session.user.email, role: roleSchema.parse(session.user.role) };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await deleteSessionById(db, hashSecret(token));
}

/**
 * Reads one cookie from a Cookie header without pulling in a parser. A value that is not valid
 * percent-encoding ("%E0%A4%A") is no cookie at all: the caller answers 401, never 500.
 */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim()) || null;
    } catch {
      return null;
    }
  }
  return null;
}
