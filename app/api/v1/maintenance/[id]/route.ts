import { apiRoute } from "@/lib/http/api-route";
import { endMaintenance } from "@/lib/store/alerting";

export const DELETE = apiRoute<{ id: string }>("operator", async ({ db, params }) => {
  await endMaintenance(db, params.id, Date.now());
  return { ok: true };
});
