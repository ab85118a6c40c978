import { nudgeAlerts } from "@/lib/control/alert-nudge";
import { apiRoute } from "@/lib/http/api-route";
import { getPage, resolvePage } from "@/lib/store/pages";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal, request }) => {
  const via = (request.headers.get("authorization") ?? "").toLowerCase().startsWith("bearer ") ? "api" : "dashboard";
  await resolvePage(db, params.id, principal.name, Date.now(), via);
  nudgeAlerts();
  return getPage(db, params.id);
});
