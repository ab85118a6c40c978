import { apiRoute, readJson } from "@/lib/http/api-route";
import { newReceiverSchema } from "@/lib/protocol/api/alerts";
import { createReceiver, listReceivers } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db }) => listReceivers(db));
/** Answers the `whsec_` signing secret this once. */
export const POST = apiRoute("admin", async ({ db, request }) =>
  Response.json(await createReceiver(db, await readJson(request, newReceiverSchema, "receiver"), Date.now()), { status: 201 }),
);
