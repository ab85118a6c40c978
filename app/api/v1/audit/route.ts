import { apiRoute, readQuery } from "@/lib/http/api-route";
import { auditQuerySchema } from "@/lib/protocol/api/recovery";
import { listAudit } from "@/lib/store/recovery";

export const GET = apiRoute("viewer", async ({ db, url }) => listAudit(db, readQuery(url, auditQuerySchema).limit));
