import { apiRoute } from "@/lib/http/api-route";
import { getConfig } from "@/lib/config";
import { clusterView } from "@/lib/store/instances";

/** `{ self, leader, instances: [{ id, connectedAgents, startedAt, lastSeenAt, ... }] }`, the same on every instance. */
export const GET = apiRoute("viewer", async ({ db }) => clusterView(db, getConfig().cluster.instanceId, Date.now()));
