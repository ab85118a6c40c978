import { deleteUser, updateUser } from "@/lib/auth/users";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { userUpdateSchema } from "@/lib/protocol/api/users";
import { cutOffLiveConnections, recheckLiveConnections } from "@/lib/realtime/ui-sessions";

export const PATCH = apiRoute<{ id: string }>("admin", async ({ db, request, params }) => {
  const update = await readJson(request, userUpdateSchema);
  const item = await updateUser(db, params.id, update);
  // A new password ended the user's sessions (updateUser): their live sockets end with them.
  if (update.password) cutOffLiveConnections({ userId: params.id });
  else if (update.role) await recheckLiveConnections({ userId: params.id });
  return { item };
});
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  await deleteUser(db, params.id);
  cutOffLiveConnections({ userId: params.id });
  return { ok: true };
});
