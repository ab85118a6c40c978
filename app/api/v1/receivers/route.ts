import { apiRoute, readJson } from "@/lib/http/api-route";
import { createReceiver, listReceivers, newReceiverSchema } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db }) => listReceivers(db));
/** Answers the `whsec_` signing secret this once. */
export const POST = apiRoute("admin", async ({ db, request }) =>
  Response.json(await createReceiver(db, await readJson(request, newReceiverSchema, "receiver"), Date.now()), { status: 201 }),
);
