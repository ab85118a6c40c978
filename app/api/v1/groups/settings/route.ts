import { apiRoute, readJson } from "@/lib/http/api-route";
import { groupingSettingsUpdateSchema } from "@/lib/protocol/api/groups";
import { loadGroupingSettings, saveGroupingSettings } from "@/lib/store/grouping";

export const GET = apiRoute("viewer", async ({ db }) => ({ settings: await loadGroupingSettings(db) }));
export const PUT = apiRoute("operator", async ({ db, request }) => ({
  settings: await saveGroupingSettings(db, await readJson(request, groupingSettingsUpdateSchema, "grouping settings")),
}));
