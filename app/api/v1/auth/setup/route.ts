import { completeSetup } from "@/lib/auth/first-run";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { getConfig } from "@/lib/config";
import { countUsers } from "@/lib/auth/users";
import { clientAddressOf } from "@/lib/http/client-address";
import { publicRoute, readJson, sessionCookie } from "@/lib/http/api-route";
import { setupSchema } from "@/lib/protocol/api/auth";

export const GET = publicRoute(async ({ db }) => ({ needsSetup: (await countUsers(db)) === 0 }));

export const POST = publicRoute(async ({ request, db }) => {
  const input = await readJson(request, setupSchema);
  const user = await completeSetup(db, input, clientAddressOf(request));
  const session = await createSession(db, user.id, getConfig().sessionDays);
  return Response.json({ user }, { status: 201, headers: { "set-cookie": sessionCookie(request, SESSION_COOKIE, session.token, session.expiresAt) } });
});
