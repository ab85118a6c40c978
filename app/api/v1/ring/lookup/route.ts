import { apiRoute, readQuery } from "@/lib/http/api-route";
import { ringLookupQuerySchema } from "@/lib/protocol/api/ring";
import { lookupRingKey } from "@/lib/store/ring";

export const GET = apiRoute("viewer", async ({ db, url }) => lookupRingKey(db, readQuery(url, ringLookupQuerySchema).key, Date.now()));
