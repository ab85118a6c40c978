import { hasRole } from "@/lib/auth/principal";
import { redactItems, redactReceiver } from "@/lib/auth/redaction";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { newReceiverSchema } from "@/lib/protocol/api/alerts";
import { createReceiver, listReceivers } from "@/lib/store/alerting";

/** Below admin, URLs and header values are redacted: they are often the receiver's credentials. */
export const GET = apiRoute("viewer", async ({ db, principal }) => {
  const receivers = await listReceivers(db);
  return hasRole(principal, "admin") ? receivers : redactItems(receivers, redactReceiver);
});
/** Answers the `whsec_` signing secret this once. */
export const POST = apiRoute("admin", async ({ db, request }) =>
  Response.json(await createReceiver(db, await readJson(request, newReceiverSchema, "receiver"), Date.now()), { status: 201 }),
);
