import { apiRoute, readJson } from "@/lib/http/api-route";
import { receiverUpdateSchema } from "@/lib/protocol/api/alerts";
import { deleteReceiver, updateReceiver } from "@/lib/store/alerting";

export const PATCH = apiRoute<{ id: string }>("admin", async ({ db, request, params }) => updateReceiver(db, params.id, await readJson(request, receiverUpdateSchema, "receiver")));
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  await deleteReceiver(db, params.id);
  return { ok: true };
});
