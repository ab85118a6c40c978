import { apiRoute, readQuery } from "@/lib/http/api-route";
import { deliveryQuerySchema } from "@/lib/protocol/api/alerts";
import { listDeliveries } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db, url }) => listDeliveries(db, readQuery(url, deliveryQuerySchema)));
