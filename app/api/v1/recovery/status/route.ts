import { hasRole } from "@/lib/auth/principal";
import { redactRecoveryStatus } from "@/lib/auth/redaction";
import { apiRoute } from "@/lib/http/api-route";
import { recoveryStatus } from "@/lib/store/recovery-status";

/** Below admin, hook answers quoted in the plans' outcomes and URLs in them are redacted. */
export const GET = apiRoute("viewer", async ({ db, principal }) => {
  const status = await recoveryStatus(db, Date.now());
  return hasRole(principal, "admin") ? status : redactRecoveryStatus(status);
});
