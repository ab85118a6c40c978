import { apiRoute } from "@/lib/http/api-route";
import { approveAction } from "@/lib/store/manual-actions";

/** Any operator approves the planner's actions; an operator's forced manual action needs an admin. */
export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => {
  await approveAction(db, params.id, { name: principal.name, role: principal.role }, Date.now());
  return { ok: true };
});
