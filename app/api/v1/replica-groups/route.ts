import { apiRoute } from "@/lib/http/api-route";
import { listReplicaGroups } from "@/lib/store/replication";

export const GET = apiRoute("viewer", async ({ db }) => listReplicaGroups(db, Date.now()));
