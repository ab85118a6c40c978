import "server-only";
import type { Db } from "../store/prisma";
import type { Principal } from "./principal";
import { principalFromApiToken } from "./api-tokens";
import { principalFromSession, readCookie, SESSION_COOKIE } from "./sessions";

/** Resolves the caller of an HTTP request: a bearer API token first, else the session cookie. */
export async function principalFromHeaders(
  db: Db,
  headers: { authorization?: string | null; cookie?: string | null },
  bootstrapApiToken: string | undefined,
): Promise<Principal | null> {
  const authorization = headers.authorization ?? "";
  if (authorization.toLowerCase().startsWith("bearer ")) {
    return principalFromApiToken(db, authorization.slice(7).trim(), bootstrapApiToken);
  }
  const session = readCookie(headers.cookie, SESSION_COOKIE);
  if (session) return principalFromSession(db, session);
  return null;
}
