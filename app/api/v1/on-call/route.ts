import { apiRoute } from "@/lib/http/api-route";
import { whoIsOnCallNow } from "@/lib/store/paging-config";

export const GET = apiRoute("viewer", async ({ db }) => whoIsOnCallNow(db, Date.now()));
