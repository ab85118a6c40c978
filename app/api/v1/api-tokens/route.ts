import { createApiToken, environmentApiTokens, listApiTokens } from "@/lib/auth/api-tokens";
import { getConfig } from "@/lib/config";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { newApiTokenSchema } from "@/lib/protocol/api/tokens";

export const GET = apiRoute("admin", async ({ db }) => ({ items: await listApiTokens(db), environment: environmentApiTokens(getConfig().bootstrap.apiToken) }));
export const POST = apiRoute("admin", async ({ db, request, principal }) =>
  Response.json(await createApiToken(db, await readJson(request, newApiTokenSchema), principal.id), { status: 201 }),
);
