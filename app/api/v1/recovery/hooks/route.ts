import { apiRoute, readJson } from "@/lib/http/api-route";
import { recoveryHookInputSchema } from "@/lib/protocol/api/recovery";
import { createRecoveryHook, listRecoveryHooks } from "@/lib/store/recovery-hooks";

/** By name; secrets are never listed (only `secretPrefix`). */
export const GET = apiRoute("viewer", async ({ db }) => listRecoveryHooks(db));
/** Answers the `whsec_` signing secret this once. */
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createRecoveryHook(db, await readJson(request, recoveryHookInputSchema, "recovery hook"), principal.name, Date.now()), { status: 201 }),
);
