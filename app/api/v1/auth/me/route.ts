import { getUser } from "@/lib/auth/users";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute("viewer", async ({ db, principal }) => {
  if (principal.kind === "token") return { user: null, token: { id: principal.id, name: principal.name, role: principal.role } };
  return { user: await getUser(db, principal.id) };
});
