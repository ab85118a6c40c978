import { apiRoute, readQuery } from "@/lib/http/api-route";
import { incidentQuerySchema } from "@/lib/protocol/api/incidents";
import { listIncidents } from "@/lib/store/incidents";

export const GET = apiRoute("viewer", async ({ db, url }) => listIncidents(db, readQuery(url, incidentQuerySchema)));
