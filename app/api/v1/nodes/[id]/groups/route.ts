import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { nodeGroupHistory } from "@/lib/store/grouping";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params, url }) => nodeGroupHistory(db, params.id, readQuery(url, querySchema).limit));
