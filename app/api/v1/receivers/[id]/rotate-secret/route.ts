import { apiRoute } from "@/lib/http/api-route";
import { rotateReceiverSecret } from "@/lib/store/alerting";

export const POST = apiRoute<{ id: string }>("admin", async ({ db, params }) => rotateReceiverSecret(db, params.id, Date.now()));
