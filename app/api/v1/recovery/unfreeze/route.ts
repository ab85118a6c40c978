import { apiRoute } from "@/lib/http/api-route";
import { setKillSwitch } from "@/lib/store/recovery";

export const POST = apiRoute("operator", async ({ db, principal }) => setKillSwitch(db, false, principal.name, null, Date.now()));
