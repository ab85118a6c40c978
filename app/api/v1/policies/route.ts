import { apiRoute, readJson } from "@/lib/http/api-route";
import { z } from "zod";
import { loadPolicies, savePolicies } from "@/lib/store/recovery";

/** `{ default: { mode, ... }, groups: { <groupId>: { mode, ... } } }`; validated in full by the recovery module. */
export const GET = apiRoute("viewer", async ({ db }) => loadPolicies(db));
export const PUT = apiRoute("operator", async ({ db, request, principal }) => savePolicies(db, await readJson(request, z.unknown(), "policies"), principal.name, Date.now()));
