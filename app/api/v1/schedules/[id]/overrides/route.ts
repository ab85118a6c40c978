import { apiRoute, readJson } from "@/lib/http/api-route";
import { newOverrideSchema } from "@/lib/protocol/api/paging";
import { createOverride, listOverrides } from "@/lib/store/paging-config";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => listOverrides(db, params.id, Date.now()));
export const POST = apiRoute<{ id: string }>("operator", async ({ db, request, params, principal }) =>
  Response.json(await createOverride(db, params.id, await readJson(request, newOverrideSchema, "override"), principal.name, Date.now()), { status: 201 }),
);
