import { apiRoute, readQuery } from "@/lib/http/api-route";
import { groupingHistoryQuerySchema } from "@/lib/protocol/api/groups";
import { groupingHistory } from "@/lib/store/grouping";

export const GET = apiRoute("viewer", async ({ db, url }) => groupingHistory(db, readQuery(url, groupingHistoryQuerySchema).limit));
