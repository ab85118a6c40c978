import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { listRingEpochs } from "@/lib/store/ring";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = apiRoute("viewer", async ({ db, url }) => listRingEpochs(db, readQuery(url, querySchema).limit));
