import { getConfig } from "@/lib/config";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { receiverPreviewSchema } from "@/lib/protocol/api/alerts";
import { previewTemplates } from "@/lib/webhooks/template-preview";

export const POST = apiRoute("operator", async ({ request }) => previewTemplates(await readJson(request, receiverPreviewSchema, "template preview"), getConfig().externalUrl, Date.now()));
