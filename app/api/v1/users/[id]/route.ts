import { deleteUser, updateUser } from "@/lib/auth/users";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { userUpdateSchema } from "@/lib/protocol/api/users";

export const PATCH = apiRoute<{ id: string }>("admin", async ({ db, request, params }) => ({
  item: await updateUser(db, params.id, await readJson(request, userUpdateSchema)),
}));
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  await deleteUser(db, params.id);
  return { ok: true };
});
