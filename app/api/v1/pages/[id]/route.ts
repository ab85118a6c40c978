import { apiRoute } from "@/lib/http/api-route";
import { getPage } from "@/lib/store/pages";

export const GET = apiRoute<{ id: string }>("viewer", async ({ db, params }) => getPage(db, params.id));
