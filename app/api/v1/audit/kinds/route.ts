import { apiRoute } from "@/lib/http/api-route";
import { auditKindList } from "@/lib/protocol/api/audit";

export const GET = apiRoute("viewer", async () => auditKindList());
