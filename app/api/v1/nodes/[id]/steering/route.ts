import { pinSteering, steeringView } from "@/lib/auth/node-steering";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { steeringPinsBodySchema } from "@/lib/protocol/api/nodes";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => steeringView(db, params.id));

export const PUT = apiRoute<{ id: string }>("operator", async ({ db, params, principal, request }) => {
  const { pinned } = await readJson(request, steeringPinsBodySchema);
  return pinSteering(db, params.id, pinned, principal.name);
});
