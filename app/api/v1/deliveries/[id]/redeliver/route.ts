import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { parseOrThrow } from "@/lib/protocol/common";
import { redeliver } from "@/lib/store/alerting";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params }) => redeliver(db, parseOrThrow(z.coerce.number().int().min(1), params.id, "delivery id"), Date.now()));
