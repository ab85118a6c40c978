import { apiRoute, readJson, readQuery } from "@/lib/http/api-route";
import { maintenanceQuerySchema, newMaintenanceSchema } from "@/lib/protocol/api/alerts";
import { createMaintenance, listMaintenance } from "@/lib/store/alerting";

export const GET = apiRoute("viewer", async ({ db, url }) => ({ items: await listMaintenance(db, Date.now(), false, readQuery(url, maintenanceQuerySchema).limit) }));
export const POST = apiRoute("operator", async ({ db, request, principal }) =>
  Response.json(await createMaintenance(db, await readJson(request, newMaintenanceSchema, "maintenance window"), principal.name, Date.now()), { status: 201 }),
);
