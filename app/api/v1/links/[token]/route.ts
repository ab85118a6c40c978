import { nudgeAlerts } from "@/lib/control/alert-nudge";
import { publicRoute } from "@/lib/http/api-route";
import { clientAddressOf } from "@/lib/http/client-address";
// Renamed here: `use…` reads as a React hook to the linter, and this is no hook.
import { useLink as spendLink } from "@/lib/store/page-links";

/** The token is the capability (docs/paging-links.md): no session, one use, audited. */
export const POST = publicRoute<{ token: string }>(async ({ db, params, request }) => {
  const result = await spendLink(db, params.token, { ip: clientAddressOf(request), now: Date.now() });
  // The alert round tells the channels (PagerDuty, mail, …) now rather than within the second.
  nudgeAlerts();
  return Response.json(result, { headers: { "cache-control": "no-store", "referrer-policy": "no-referrer" } });
});
