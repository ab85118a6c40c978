import { apiRoute, readJson } from "@/lib/http/api-route";
import { ringChangeRequestSchema } from "@/lib/protocol/api/ring";
import { applyRingChange } from "@/lib/store/ring";

export const POST = apiRoute("operator", async ({ db, request, principal }) => {
  const { reason, ...change } = await readJson(request, ringChangeRequestSchema, "ring change");
  const applied = await applyRingChange(db, change, principal.name, reason ?? "operator change", Date.now());
  return Response.json({ epoch: applied.epoch, ...applied.preview }, { status: 201 });
});
