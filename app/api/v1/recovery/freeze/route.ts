import { z } from "zod";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { setKillSwitch } from "@/lib/store/recovery";

const bodySchema = z.object({ reason: z.string().trim().max(500).optional() });

/** The global kill switch: no recovery action runs until unfreeze. Detection keeps running. */
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  setKillSwitch(db, true, principal.name, (await readJson(request, bodySchema, "freeze")).reason ?? null, Date.now()),
);
