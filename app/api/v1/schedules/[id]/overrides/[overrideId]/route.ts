import { apiRoute } from "@/lib/http/api-route";
import { deleteOverride } from "@/lib/store/paging-config";

export const DELETE = apiRoute<{ id: string; overrideId: string }>("operator", async ({ db, params }) => {
  await deleteOverride(db, params.id, params.overrideId);
  return { ok: true };
});
