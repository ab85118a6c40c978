import { hasRole } from "@/lib/auth/principal";
import { redactHook, redactItems } from "@/lib/auth/redaction";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { recoveryHookInputSchema } from "@/lib/protocol/api/recovery";
import { createRecoveryHook, listRecoveryHooks } from "@/lib/store/recovery-hooks";

/** By name; secrets are never listed (only `secretPrefix`); below admin the URL is redacted. */
export const GET = apiRoute("viewer", async ({ db, principal }) => {
  const hooks = await listRecoveryHooks(db);
  return hasRole(principal, "admin") ? hooks : redactItems(hooks, redactHook);
});
/**
 * Admin only, like receivers: a hook decides where Vigil sends signed requests and can veto or
 * perform recovery. Answers the `whsec_` signing secret this once.
 */
export const POST = apiRoute("admin", async ({ db, request, principal }) =>
  Response.json(await createRecoveryHook(db, await readJson(request, recoveryHookInputSchema, "recovery hook"), principal.name, Date.now()), { status: 201 }),
);
