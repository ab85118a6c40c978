import { z } from "zod";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { roleSchema } from "@/lib/protocol/common";

const newTokenSchema = z.object({ name: z.string().trim().min(1).max(100), role: roleSchema.default("viewer") });

export const GET = apiRoute("admin", async ({ db }) => ({ items: await listApiTokens(db) }));
export const POST = apiRoute("admin", async ({ db, request, principal }) =>
  Response.json(await createApiToken(db, await readJson(request, newTokenSchema), principal.id), { status: 201 }),
);
