import { listEnrollments } from "@/lib/auth/node-identity";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute("viewer", async ({ db }) => listEnrollments(db));
