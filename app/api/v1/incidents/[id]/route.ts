import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { parseOrThrow } from "@/lib/protocol/common";
import { getIncident } from "@/lib/store/incidents";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => getIncident(db, parseOrThrow(z.coerce.number().int().min(1), params.id, "incident id")));
