import { apiRoute, readJson } from "@/lib/http/api-route";
import { drainPrimariesBodySchema } from "@/lib/protocol/api/replica-groups";
import { drainPrimaries } from "@/lib/store/switchover";

/** Maintenance of a node: a planned switchover for every replica group it leads (each one's outcome listed). */
export const POST = apiRoute<{ id: string }>("operator", async ({ db, request, params, principal }) =>
  Response.json(await drainPrimaries(db, params.id, await readJson(request, drainPrimariesBodySchema, "drain"), { name: principal.name, role: principal.role }, Date.now()), { status: 202 }),
);
