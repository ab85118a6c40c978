import { apiRoute, readJson } from "@/lib/http/api-route";
import { newSilenceSchema } from "@/lib/protocol/api/alerts";
import { createSilence, listSilences } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db }) => listSilences(db, Date.now()));
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createSilence(db, await readJson(request, newSilenceSchema, "silence"), principal.name, Date.now()), { status: 201 }),
);
