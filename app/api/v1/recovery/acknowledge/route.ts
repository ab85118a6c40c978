import { apiRoute, readJson } from "@/lib/http/api-route";
import { acknowledgeBodySchema } from "@/lib/protocol/api/recovery";
import { acknowledgeBlock } from "@/lib/store/recovery";

/** Lifts an acknowledgeable block (anti-flap after a failover, an escalation). */
export const POST = apiRoute("operator", async ({ db, request, principal }) => {
  await acknowledgeBlock(db, (await readJson(request, acknowledgeBodySchema, "acknowledgement")).blockId, principal.name, Date.now());
  return { ok: true };
});
