import { apiRoute, readJson } from "@/lib/http/api-route";
import { ringPreviewRequestSchema } from "@/lib/protocol/api/ring";
import { previewRingChange } from "@/lib/store/ring";

/** Read-only: anyone who can see the ring can ask what a change would do, within bounds (ringPreviewRequestSchema). */
export const POST = apiRoute("viewer", async ({ db, request }) => previewRingChange(db, await readJson(request, ringPreviewRequestSchema, "ring change")));
