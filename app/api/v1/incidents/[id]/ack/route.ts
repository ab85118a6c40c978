import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { parseOrThrow } from "@/lib/protocol/common";
import { acknowledgeIncident } from "@/lib/store/incidents";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => ({
  incident: await acknowledgeIncident(db, parseOrThrow(z.coerce.number().int().min(1), params.id, "incident id"), principal.name, Date.now()),
}));
