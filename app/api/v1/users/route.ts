import { createUser, listUsers } from "@/lib/auth/users";
import { getConfig } from "@/lib/config";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { newUserSchema } from "@/lib/protocol/api/users";

export const GET = apiRoute("admin", async ({ db }) => ({ items: await listUsers(db), environmentAdminEmail: getConfig().bootstrap.adminEmail ?? null }));
export const POST = apiRoute("admin", async ({ db, request }) => Response.json({ item: await createUser(db, await readJson(request, newUserSchema)) }, { status: 201 }));
