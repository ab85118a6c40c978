import { apiRoute, readJson, readQuery } from "@/lib/http/api-route";
import { newSilenceSchema, silenceQuerySchema } from "@/lib/protocol/api/alerts";
import { createSilence, listSilences } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db, url }) => listSilences(db, Date.now(), readQuery(url, silenceQuerySchema).limit));
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createSilence(db, await readJson(request, newSilenceSchema, "silence"), principal.name, Date.now()), { status: 201 }),
);
