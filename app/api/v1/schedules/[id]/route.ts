import { apiRoute, readJson } from "@/lib/http/api-route";
import { newScheduleSchema } from "@/lib/protocol/api/paging";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/store/paging-config";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => (await getSchedule(db, params.id, Date.now())));
export const PUT = apiRoute<{ id: string }>("admin", async ({ db, request, params }) => (await updateSchedule(db, params.id, await readJson(request, newScheduleSchema, "schedule"), Date.now())));
export const DELETE = apiRoute<{ id: string }>("admin", async ({ db, params }) => {
  await deleteSchedule(db, params.id);
  return { ok: true };
});
