import { apiRoute } from "@/lib/http/api-route";
import { numericIdSchema } from "@/lib/protocol/api/shared";
import { parseOrThrow } from "@/lib/protocol/common";
import { redeliver } from "@/lib/store/alerting";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params }) => redeliver(db, parseOrThrow(numericIdSchema, params.id, "delivery id"), Date.now()));
