import { hasRole } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { newContactMethodSchema } from "@/lib/protocol/api/paging";
import { createContact, listContacts } from "@/lib/store/paging-config";

const isSelf = (principal: { kind: string; id: string }, userId: string) => principal.kind === "user" && principal.id === userId;

/** Addresses are personal: admins and the user themselves see them. */
export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params, principal }) => listContacts(db, params.id, hasRole(principal, "admin") || isSelf(principal, params.id)));
/** Operators manage their own contact methods; admins everyone's. */
export const POST = apiRoute<{ id: string }>("operator", async ({ db, request, params, principal }) => {
  const input = await readJson(request, newContactMethodSchema, "contact method");
  if (!hasRole(principal, "admin") && !isSelf(principal, params.id)) throw new AppError("forbidden", "operators manage only their own contact methods");
  return Response.json(await createContact(db, params.id, input), { status: 201 });
});
