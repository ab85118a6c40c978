import { apiRoute, readJson } from "@/lib/http/api-route";
import { recoveryHookPatchSchema } from "@/lib/protocol/api/recovery";
import { deleteRecoveryHook, updateRecoveryHook } from "@/lib/store/recovery-hooks";

/** Admin only, like creating one (see ../route.ts). */
export const PATCH = apiRoute<{ id: string }>("admin", async ({ db, request, params, principal }) =>
  updateRecoveryHook(db, params.id, await readJson(request, recoveryHookPatchSchema, "recovery hook"), principal.name, Date.now()),
);
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params, principal }) => {
  await deleteRecoveryHook(db, params.id, principal.name, Date.now());
  return { ok: true };
});
