import { apiRoute, readQuery } from "@/lib/http/api-route";
import { nodeEventsQuerySchema } from "@/lib/protocol/api/nodes";
import { recentNodeEvents } from "@/lib/store/events";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params, url }) => ({
  items: await recentNodeEvents(db, readQuery(url, nodeEventsQuerySchema).limit, params.id),
}));
