import { hashSecret } from "@/lib/auth/secrets";
import { deleteSession, readCookie, SESSION_COOKIE } from "@/lib/auth/sessions";
import { publicRoute, sessionCookie } from "@/lib/http/api-route";
import { cutOffLiveConnections } from "@/lib/realtime/ui-sessions";

export const POST = publicRoute(async ({ request, db }) => {
  const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (token) {
    await deleteSession(db, token);
    cutOffLiveConnections({ sessionId: hashSecret(token) });
  }
  return Response.json({ ok: true }, { headers: { "set-cookie": sessionCookie(request, SESSION_COOKIE, "", null) } });
});
