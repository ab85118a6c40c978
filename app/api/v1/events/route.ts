import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { recentNodeEvents } from "@/lib/store/events";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const GET = apiRoute("viewer", async ({ db, url }) => ({ items: await recentNodeEvents(db, readQuery(url, querySchema).limit) }));
