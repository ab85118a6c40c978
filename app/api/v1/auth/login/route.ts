import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { getConfig } from "@/lib/config";
import { authenticateUser } from "@/lib/auth/users";
import { publicRoute, readJson, sessionCookie } from "@/lib/http/api-route";
import { loginSchema } from "@/lib/protocol/api/auth";

export const POST = publicRoute(async ({ request, db }) => {
  const { email, password } = await readJson(request, loginSchema);
  const user = await authenticateUser(db, email, password);
  const session = await createSession(db, user.id, getConfig().sessionDays);
  return Response.json({ user }, { headers: { "set-cookie": sessionCookie(request, SESSION_COOKIE, session.token, session.expiresAt) } });
});
