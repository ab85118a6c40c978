import { decommissionNode } from "@/lib/auth/decommission";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { nodeDecommissionBodySchema } from "@/lib/protocol/api/nodes";
import { getNode } from "@/lib/store/nodes";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => getNode(db, params.id));

/** Operator; forcing out the current primary of a replica group is an admin's (checked in lib/auth/decommission). */
export const DELETE = apiRoute<{ id: string }>("operator", async ({ db, params, principal, request }) =>
  decommissionNode(db, params.id, await readJson(request, nodeDecommissionBodySchema), principal),
);
