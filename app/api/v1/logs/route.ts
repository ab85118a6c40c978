import { apiRoute, readQuery } from "@/lib/http/api-route";
import { logQuerySchema } from "@/lib/protocol/api/logs";
import { searchLogs } from "@/lib/store/logs";

export const GET = apiRoute("viewer", async ({ db, url }) => searchLogs(db, readQuery(url, logQuerySchema)));
