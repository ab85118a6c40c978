import { apiRoute } from "@/lib/http/api-route";
import { latestGroups } from "@/lib/store/grouping";

export const GET = apiRoute("viewer", async ({ db }) => latestGroups(db));
