import { apiRoute } from "@/lib/http/api-route";
import { numericIdSchema } from "@/lib/protocol/api/shared";
import { parseOrThrow } from "@/lib/protocol/common";
import { getIncident } from "@/lib/store/incidents";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => getIncident(db, parseOrThrow(numericIdSchema, params.id, "incident id")));
