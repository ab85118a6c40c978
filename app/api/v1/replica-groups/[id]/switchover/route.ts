import { apiRoute, readJson, readQuery } from "@/lib/http/api-route";
import { switchoverPreviewQuerySchema, switchoverRequestSchema } from "@/lib/protocol/api/replica-groups";
import { requestSwitchover, switchoverPreview } from "@/lib/store/switchover";

/** The ranking, the preflight, the guards in the way and the latest switchover's live timeline. */
export const GET = apiRoute<{ id: string }>("viewer", async ({ db, url, params }) => switchoverPreview(db, params.id, readQuery(url, switchoverPreviewQuerySchema), Date.now()));

/** Recorded like a manual action and run by the recovery loop (approval mode, guards, hooks, fencing, audit). */
export const POST = apiRoute<{ id: string }>("operator", async ({ db, request, params, principal }) =>
  Response.json(await requestSwitchover(db, params.id, await readJson(request, switchoverRequestSchema, "switchover"), { name: principal.name, role: principal.role }, Date.now()), { status: 202 }),
);
