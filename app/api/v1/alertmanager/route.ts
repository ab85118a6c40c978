import { nudgeAlerts } from "@/lib/control/alert-nudge";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { alertmanagerWebhookSchema } from "@/lib/protocol/api/alerts";
import { receiveAlertmanagerWebhook } from "@/lib/store/incoming-alerts";

/** Point an Alertmanager webhook_config here (with an operator API token as bearer). */
export const POST = apiRoute("operator", async ({ db, request }) => {
  const received = await receiveAlertmanagerWebhook(db, await readJson(request, alertmanagerWebhookSchema, "Alertmanager webhook"), Date.now());
  nudgeAlerts();
  return received;
});
