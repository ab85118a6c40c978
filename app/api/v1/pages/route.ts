import { apiRoute, readQuery } from "@/lib/http/api-route";
import { pageQuerySchema } from "@/lib/protocol/api/pages";
import { listPages } from "@/lib/store/pages";

export const GET = apiRoute("viewer", async ({ db, url }) => listPages(db, readQuery(url, pageQuerySchema)));
