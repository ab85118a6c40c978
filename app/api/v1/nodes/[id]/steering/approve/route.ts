import { decideSteeringProposal } from "@/lib/auth/node-steering";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute<{ id: string }>("operator", async ({ db, params, principal }) => decideSteeringProposal(db, params.id, "approve", principal.name));
