import { apiRoute } from "@/lib/http/api-route";
import { enqueueTestNotification } from "@/lib/store/alerting";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) =>
  Response.json(await enqueueTestNotification(db, params.id, principal.name, Date.now()), { status: 202 }),
);
