import { apiRoute, readJson, readQuery } from "@/lib/http/api-route";
import { actionQuerySchema, manualActionSchema } from "@/lib/protocol/api/recovery";
import { createManualAction, listActions } from "@/lib/store/recovery";

export const GET = apiRoute("viewer", async ({ db, url }) => listActions(db, readQuery(url, actionQuerySchema)));
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createManualAction(db, await readJson(request, manualActionSchema, "action"), principal.name, Date.now()), { status: 202 }),
);
