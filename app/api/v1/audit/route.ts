import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { listAudit } from "@/lib/store/recovery";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const GET = apiRoute("viewer", async ({ db, url }) => listAudit(db, readQuery(url, querySchema).limit));
