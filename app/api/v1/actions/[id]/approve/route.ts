import { apiRoute } from "@/lib/http/api-route";
import { approveAction } from "@/lib/store/recovery";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => {
  await approveAction(db, params.id, principal.name, Date.now());
  return { ok: true };
});
