import { apiRoute } from "@/lib/http/api-route";
import { numericIdSchema } from "@/lib/protocol/api/shared";
import { parseOrThrow } from "@/lib/protocol/common";
import { acknowledgeIncident } from "@/lib/store/incidents";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => ({
  incident: await acknowledgeIncident(db, parseOrThrow(numericIdSchema, params.id, "incident id"), principal.name, Date.now()),
}));
