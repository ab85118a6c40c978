import { z } from "zod";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { acknowledgeBlock } from "@/lib/store/recovery";

const bodySchema = z.object({ blockId: z.string().min(1).max(256) });

/** Lifts an acknowledgeable block (anti-flap after a failover, an escalation). */
export const POST = apiRoute("operator", async ({ db, request, principal }) => {
  await acknowledgeBlock(db, (await readJson(request, bodySchema, "acknowledgement")).blockId, principal.name, Date.now());
  return { ok: true };
});
