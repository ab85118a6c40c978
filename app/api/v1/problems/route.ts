import { apiRoute } from "@/lib/http/api-route";
import { currentProblems } from "@/lib/store/problems";

/** What is wrong now, one line per root cause with what Vigil does about it, and Vigil's own health. */
export const GET = apiRoute("viewer", async ({ db }) => currentProblems(db, Date.now()));
