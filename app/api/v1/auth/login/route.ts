import { logInThrottled } from "@/lib/auth/login-guard";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { getConfig } from "@/lib/config";
import { clientAddressOf } from "@/lib/http/client-address";
import { publicRoute, readJson, sessionCookie } from "@/lib/http/api-route";
import { loginSchema } from "@/lib/protocol/api/auth";

/** A throttled login is a 429 whose `Retry-After` errorResponse derives from the error's `retryAfterMs`. */
export const POST = publicRoute(async ({ request, db }) => {
  const { email, password } = await readJson(request, loginSchema);
  const user = await logInThrottled(db, { email, password, address: clientAddressOf(request) });
  const session = await createSession(db, user.id, getConfig().sessionDays);
  return Response.json({ user }, { headers: { "set-cookie": sessionCookie(request, SESSION_COOKIE, session.token, session.expiresAt) } });
});
