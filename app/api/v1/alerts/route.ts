import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { listAlerts } from "@/lib/store/alerting";

const querySchema = z.object({ status: z.enum(["firing", "resolved"]).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) });

export const GET = apiRoute("viewer", async ({ db, url }) => listAlerts(db, readQuery(url, querySchema)));
