import { apiRoute, readQuery } from "@/lib/http/api-route";
import { replicaGroupQuerySchema } from "@/lib/protocol/api/replica-groups";
import { listReplicaGroups, listReplicaGroupsPage } from "@/lib/store/replication";

/** Every group, or with `?limit=` one filtered page of them and counts over all (see the query schema). */
export const GET = apiRoute("viewer", async ({ db, url }) => {
  const query = readQuery(url, replicaGroupQuerySchema);
  const now = Date.now();
  return query.limit === undefined ? listReplicaGroups(db, now) : listReplicaGroupsPage(db, now, { ...query, limit: query.limit });
});
