import { apiRoute, readQuery } from "@/lib/http/api-route";
import { nodeListQuerySchema } from "@/lib/protocol/api/nodes";
import { listNodes } from "@/lib/store/nodes";

export const GET = apiRoute("viewer", async ({ db, url }) => listNodes(db, readQuery(url, nodeListQuerySchema)));
