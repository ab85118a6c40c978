import { resetCredential } from "@/lib/auth/node-identity";
import { apiRoute } from "@/lib/http/api-route";

/** Admin only: until the node's agent enrols again, any holder of a matching enrollment token could. */
export const POST = apiRoute<{ id: string }>("admin", async ({ db, params, principal }) => resetCredential(db, params.id, principal.name));
