import { apiRoute, readQuery } from "@/lib/http/api-route";
import { metricsQuerySchema } from "@/lib/protocol/api/nodes";
import { nodeMetrics } from "@/lib/store/metrics";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params, url }) =>
  nodeMetrics(db, params.id, readQuery(url, metricsQuerySchema), Date.now()),
);
