import { apiRoute, readJson } from "@/lib/http/api-route";
import { newPolicySchema } from "@/lib/protocol/api/paging";
import { createPolicy, listPolicies } from "@/lib/store/paging-config";

export const GET = apiRoute("viewer", async ({ db }) => listPolicies(db));
export const POST = apiRoute("admin", async ({ db, request }) => Response.json(await createPolicy(db, await readJson(request, newPolicySchema, "escalation policy")), { status: 201 }));
