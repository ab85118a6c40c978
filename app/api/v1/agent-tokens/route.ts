import { z } from "zod";
import { createAgentToken, listAgentTokens } from "@/lib/auth/agent-tokens";
import { apiRoute, readJson } from "@/lib/http/api-route";

const newTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });

export const GET = apiRoute("admin", async ({ db }) => ({ items: await listAgentTokens(db) }));
export const POST = apiRoute("admin", async ({ db, request, principal }) => {
  const { name } = await readJson(request, newTokenSchema);
  return Response.json(await createAgentToken(db, name, principal.id), { status: 201 });
});
