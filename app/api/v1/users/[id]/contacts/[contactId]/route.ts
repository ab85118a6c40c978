import { hasRole } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { contactOwner, deleteContact } from "@/lib/store/paging-config";

/** Operators remove their own contact methods; admins everyone's. */
export const DELETE = apiRoute<{ id: string; contactId: string }>("operator", async ({ db, params, principal }) => {
  const owner = await contactOwner(db, params.id, params.contactId);
  if (!hasRole(principal, "admin") && !(principal.kind === "user" && principal.id === owner)) throw new AppError("forbidden", "operators manage only their own contact methods");
  await deleteContact(db, params.id, params.contactId);
  return { ok: true };
});
