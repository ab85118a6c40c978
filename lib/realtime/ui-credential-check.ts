import type { Role } from "../protocol/common";
import type { LiveSessionRow, LiveTokenRow } from "../store/live-credentials";
import { roleSchema } from "../protocol/common";

/** What a `/ui` socket was authenticated with, kept in its `socket.data` for the re-checks. */
export type LiveCredential =
  | { kind: "session"; sessionId: string; userId: string }
  | { kind: "token"; tokenId: string }
  /** VIGIL_API_TOKEN: lives as long as the process's configuration. */
  | { kind: "bootstrap" };

export type Verdict = { keep: true; role: Role | null } | { keep: false; reason: string };

/**
 * Whether a live socket may stay (pure; `ui-credential-check.test.ts`): its session still exists,
 * has not expired and has not gone idle (`idleMs`, 0 = no idle limit), and its user's role is the
 * one to use now; or its API token still exists and is not revoked.
 */
export function judgeLiveCredential(
  credential: LiveCredential,
  rows: { sessions: ReadonlyMap<string, LiveSessionRow>; tokens: ReadonlyMap<string, LiveTokenRow> },
  now: number,
  idleMs: number,
): Verdict {
  if (credential.kind === "bootstrap") return { keep: true, role: null };
  if (credential.kind === "token") {
    const token = rows.tokens.get(credential.tokenId);
    if (!token) return { keep: false, reason: "the API token was deleted" };
    if (token.revokedAt !== null && token.revokedAt <= now) return { keep: false, reason: "the API token was revoked" };
    return roleOf(token.role);
  }
  const session = rows.sessions.get(credential.sessionId);
  if (!session) return { keep: false, reason: "the session ended (logout, password change or user removed)" };
  if (session.expiresAt <= now) return { keep: false, reason: "the session expired" };
  if (idleMs > 0 && now - session.lastSeenAt > idleMs) return { keep: false, reason: "the session was idle too long" };
  return roleOf(session.role);
}

function roleOf(value: string): Verdict {
  const role = roleSchema.safeParse(value);
  return role.success ? { keep: true, role: role.data } : { keep: false, reason: `unknown role ${value}` };
}
