import { hasRole } from "@/lib/auth/principal";
import { redactDelivery, redactItems } from "@/lib/auth/redaction";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { deliveryQuerySchema } from "@/lib/protocol/api/alerts";
import { listDeliveries } from "@/lib/store/alerting";

/** Below admin, the receivers' answers are left out: a response body can echo what it was sent or leak internals. */
export const GET = apiRoute("viewer", async ({ db, url, principal }) => {
  const deliveries = await listDeliveries(db, readQuery(url, deliveryQuerySchema));
  return hasRole(principal, "admin") ? deliveries : redactItems(deliveries, redactDelivery);
});
