import { apiRoute, readJson } from "@/lib/http/api-route";
import { freezeBodySchema } from "@/lib/protocol/api/recovery";
import { setKillSwitch } from "@/lib/store/recovery";

/** The global kill switch: no recovery action runs until unfreeze. Detection keeps running. */
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  setKillSwitch(db, true, principal.name, (await readJson(request, freezeBodySchema, "freeze")).reason ?? null, Date.now()),
);
