import { apiRoute, readQuery } from "@/lib/http/api-route";
import { nodeGroupQuerySchema } from "@/lib/protocol/api/groups";
import { nodeGroupHistory } from "@/lib/store/grouping";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params, url }) => nodeGroupHistory(db, params.id, readQuery(url, nodeGroupQuerySchema).limit));
