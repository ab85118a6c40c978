import { apiRoute } from "@/lib/http/api-route";
import { getNode } from "@/lib/store/nodes";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => getNode(db, params.id));
