import "server-only";
import type { Db } from "./prisma";

/** A session as the `/ui` socket's periodic re-check needs it (times in epoch ms). */
export type LiveSessionRow = { id: string; expiresAt: number; lastSeenAt: number; userId: string; role: string };
/** An API token as that re-check needs it. */
export type LiveTokenRow = { id: string; role: string; revokedAt: number | null };

/**
 * The sessions and API tokens that live `/ui` sockets were opened with, in two reads whatever
 * the number of sockets. Read only: a re-check must not keep a session from going idle.
 */
export async function readLiveCredentials(
  db: Db,
  ids: { sessionIds: readonly string[]; tokenIds: readonly string[] },
): Promise<{ sessions: LiveSessionRow[]; tokens: LiveTokenRow[] }> {
  const [sessions, tokens] = await Promise.all([
    ids.sessionIds.length
      ? db.session.findMany({ where: { id: { in: [...ids.sessionIds] } }, select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, role: true } } } })
      : [],
    ids.tokenIds.length ? db.apiToken.findMany({ where: { id: { in: [...ids.tokenIds] } }, select: { id: true, role: true, revokedAt: true } }) : [],
  ]);
  return {
    sessions: sessions.map((s) => ({ id: s.id, expiresAt: s.expiresAt.getTime(), lastSeenAt: s.lastSeenAt.getTime(), userId: s.user.id, role: s.user.role })),
    tokens: tokens.map((t) => ({ id: t.id, role: t.role, revokedAt: t.revokedAt?.getTime() ?? null })),
  };
}
