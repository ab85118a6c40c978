import { apiRoute, readJson } from "@/lib/http/api-route";
import { ringSettingsSchema } from "@/lib/protocol/api/ring";
import { loadRingSettings, saveRingSettings } from "@/lib/store/ring";

export const GET = apiRoute("viewer", async ({ db }) => ({ settings: await loadRingSettings(db) }));
export const PUT = apiRoute("operator", async ({ db, request }) => ({
  settings: await saveRingSettings(db, await readJson(request, ringSettingsSchema, "ring settings")),
}));
