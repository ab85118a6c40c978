import { revokeApiToken } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/lib/http/api-route";

export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => ({ item: await revokeApiToken(db, params.id) }));
