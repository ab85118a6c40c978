import { apiRoute, readQuery } from "@/lib/http/api-route";
import { listNodes, nodeListQuerySchema } from "@/lib/store/nodes";

export const GET = apiRoute("viewer", async ({ db, url }) => listNodes(db, readQuery(url, nodeListQuerySchema)));
