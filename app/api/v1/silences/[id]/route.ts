import { apiRoute } from "@/lib/http/api-route";
import { expireSilence } from "@/lib/store/alerting";

/** Expires the silence now; it stays listed as expired. */
export const DELETE = apiRoute<{ id: string }>("operator", async ({ db, params }) => expireSilence(db, params.id, Date.now()));
