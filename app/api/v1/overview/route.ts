import { apiRoute } from "@/lib/http/api-route";
import { fleetOverview } from "@/lib/store/overview";

export const GET = apiRoute("viewer", async ({ db }) => fleetOverview(db, Date.now()));
