import { z } from "zod";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { applyRingChange, ringChangeSchema } from "@/lib/store/ring";

const changeRequestSchema = ringChangeSchema.extend({ reason: z.string().max(500).optional() });

export const POST = apiRoute("operator", async ({ db, request, principal }) => {
  const { reason, ...change } = await readJson(request, changeRequestSchema, "ring change");
  const applied = await applyRingChange(db, change, principal.name, reason ?? "operator change", Date.now());
  return Response.json({ epoch: applied.epoch, ...applied.preview }, { status: 201 });
});
