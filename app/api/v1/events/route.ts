import { apiRoute, readQuery } from "@/lib/http/api-route";
import { nodeEventsQuerySchema } from "@/lib/protocol/api/nodes";
import { recentNodeEvents } from "@/lib/store/events";

export const GET = apiRoute("viewer", async ({ db, url }) => ({ items: await recentNodeEvents(db, readQuery(url, nodeEventsQuerySchema).limit) }));
