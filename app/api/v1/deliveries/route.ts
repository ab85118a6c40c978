import { apiRoute, readQuery } from "@/lib/http/api-route";
import { deliveryQuerySchema, listDeliveries } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db, url }) => listDeliveries(db, readQuery(url, deliveryQuerySchema)));
