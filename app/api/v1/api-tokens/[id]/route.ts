import { revokeApiToken } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/lib/http/api-route";
import { cutOffLiveConnections } from "@/lib/realtime/ui-sessions";

export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  const item = await revokeApiToken(db, params.id);
  cutOffLiveConnections({ tokenId: params.id });
  return { item };
});
