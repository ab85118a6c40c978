import { apiRoute, readJson } from "@/lib/http/api-route";
import { newPolicySchema } from "@/lib/protocol/api/paging";
import { deletePolicy, getPolicy, updatePolicy } from "@/lib/store/paging-config";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => (await getPolicy(db, params.id)));
export const PUT = apiRoute<{ id: string }>("admin", async ({ db, request, params }) => (await updatePolicy(db, params.id, await readJson(request, newPolicySchema, "escalation policy"))));
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  await deletePolicy(db, params.id);
  return { ok: true };
});
