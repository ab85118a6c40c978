import { decideNodeEnrollment } from "@/lib/auth/node-identity";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => decideNodeEnrollment(db, params.id, "rejected", principal.name));
