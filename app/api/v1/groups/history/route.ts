import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { groupingHistory } from "@/lib/store/grouping";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(60) });

export const GET = apiRoute("viewer", async ({ db, url }) => groupingHistory(db, readQuery(url, querySchema).limit));
