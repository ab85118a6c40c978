import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { lookupRingKey } from "@/lib/store/ring";

const querySchema = z.object({ key: z.string().min(1).max(1024) });

export const GET = apiRoute("viewer", async ({ db, url }) => lookupRingKey(db, readQuery(url, querySchema).key, Date.now()));
