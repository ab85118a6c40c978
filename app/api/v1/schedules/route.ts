import { apiRoute, readJson } from "@/lib/http/api-route";
import { newScheduleSchema } from "@/lib/protocol/api/paging";
import { createSchedule, listSchedules } from "@/lib/store/paging-config";

export const GET = apiRoute("viewer", async ({ db }) => listSchedules(db, Date.now()));
export const POST = apiRoute("admin", async ({ db, request }) => Response.json(await createSchedule(db, await readJson(request, newScheduleSchema, "schedule"), Date.now()), { status: 201 }));
