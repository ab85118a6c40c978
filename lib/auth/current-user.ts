import "server-only";
import { cookies } from "next/headers";
import type { UserView } from "../protocol/views";
import { getDb } from "../store/prisma";
import { principalFromSession, SESSION_COOKIE } from "./sessions";
import { countUsers, getUser } from "./users";

/** For server components: the logged-in user, or null. */
export async function getCurrentUser(): Promise<UserView | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const db = await getDb();
  const principal = await principalFromSession(db, token);
  if (!principal) return null;
  return getUser(db, principal.id);
}

export async function needsSetup(): Promise<boolean> {
  return (await countUsers(await getDb())) === 0;
}
