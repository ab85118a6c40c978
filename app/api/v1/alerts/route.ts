import { apiRoute, readQuery } from "@/lib/http/api-route";
import { alertQuerySchema } from "@/lib/protocol/api/alerts";
import { listAlerts } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db, url }) => listAlerts(db, readQuery(url, alertQuerySchema)));
