import { apiRoute, readJson } from "@/lib/http/api-route";
import { alertRulesSchema } from "@/lib/protocol/api/alerts";
import { loadAlertRules, saveAlertRules } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db }) => ({ rules: await loadAlertRules(db) }));
/** Replaces the rule set: built-in toggles and thresholds, custom metric and log rules. */
export const PUT = apiRoute("operator", async ({ db, request }) => ({ rules: await saveAlertRules(db, await readJson(request, alertRulesSchema, "alert rules")) }));
