import { hasRole } from "@/lib/auth/principal";
import { redactAuditItem, redactItems } from "@/lib/auth/redaction";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { auditQuerySchema } from "@/lib/protocol/api/audit";
import { listAudit } from "@/lib/store/audit";

export const GET = apiRoute("viewer", async ({ db, url, principal }) => {
  const page = await listAudit(db, readQuery(url, auditQuerySchema));
  return hasRole(principal, "admin") ? page : redactItems(page, redactAuditItem);
});
