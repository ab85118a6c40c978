import { apiRoute } from "@/lib/http/api-route";
import { cancelAction } from "@/lib/store/recovery";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => {
  await cancelAction(db, params.id, principal.name, Date.now());
  return { ok: true };
});
