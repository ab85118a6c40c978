import { apiRoute } from "@/lib/http/api-route";
import { recoveryStatus } from "@/lib/store/recovery-status";

export const GET = apiRoute("viewer", async ({ db }) => recoveryStatus(db, Date.now()));
