import { nudgeAlerts } from "@/lib/control/alert-nudge";
import { apiRoute } from "@/lib/http/api-route";
import { acknowledgePage, getPage } from "@/lib/store/pages";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal, request }) => {
  const via = (request.headers.get("authorization") ?? "").toLowerCase().startsWith("bearer ") ? "api" : "dashboard";
  await acknowledgePage(db, params.id, principal.name, Date.now(), via);
  // The alert round tells the channels (PagerDuty, mail, …) now rather than within the second.
  nudgeAlerts();
  return getPage(db, params.id);
});
