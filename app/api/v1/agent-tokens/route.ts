import { createAgentToken, environmentAgentTokens, listAgentTokens } from "@/lib/auth/agent-tokens";
import { getConfig } from "@/lib/config";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { newAgentTokenSchema } from "@/lib/protocol/api/tokens";

export const GET = apiRoute("admin", async ({ db }) => ({ items: await listAgentTokens(db), environment: environmentAgentTokens(getConfig().bootstrap.agentToken) }));
export const POST = apiRoute("admin", async ({ db, request, principal }) => {
  const input = await readJson(request, newAgentTokenSchema);
  return Response.json(await createAgentToken(db, input, principal.id), { status: 201 });
});
