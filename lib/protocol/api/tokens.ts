import { z } from "zod";
import { roleSchema } from "../common";
import { isoSchema, itemsOf } from "./shared";

/** Agent tokens (`/api/v1/agent-tokens`) and API tokens (`/api/v1/api-tokens`), admin only. */

/** API tokens carry a role; agent tokens do not. */
export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema.optional(),
  createdAt: isoSchema,
  lastUsedAt: isoSchema.nullable(),
  revokedAt: isoSchema.nullable(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

export const newAgentTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });
export const newApiTokenSchema = z.object({ name: z.string().trim().min(1).max(100), role: roleSchema.default("viewer") });

export const tokenListSchema = itemsOf(tokenViewSchema);
export const tokenItemSchema = z.object({ item: tokenViewSchema });
/** The token itself is answered this once. */
export const createdTokenSchema = z.object({ item: tokenViewSchema, token: z.string() });
