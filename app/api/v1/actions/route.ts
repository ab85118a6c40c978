import { hasRole } from "@/lib/auth/principal";
import { redactAction, redactItems } from "@/lib/auth/redaction";
import { apiRoute, readJson, readQuery } from "@/lib/http/api-route";
import { actionQuerySchema, manualActionSchema } from "@/lib/protocol/api/recovery";
import { createManualAction } from "@/lib/store/manual-actions";
import { listActions } from "@/lib/store/recovery";

/** Below admin, hook answers quoted in outcomes and URLs in them are redacted. */
export const GET = apiRoute("viewer", async ({ db, url, principal }) => {
  const actions = await listActions(db, readQuery(url, actionQuerySchema));
  return hasRole(principal, "admin") ? actions : redactItems(actions, redactAction);
});
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createManualAction(db, await readJson(request, manualActionSchema, "action"), { name: principal.name, role: principal.role }, Date.now()), { status: 202 }),
);
