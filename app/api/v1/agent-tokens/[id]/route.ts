import { revokeAgentToken } from "@/lib/auth/agent-tokens";
import { apiRoute } from "@/lib/http/api-route";

export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => ({ item: await revokeAgentToken(db, params.id) }));
