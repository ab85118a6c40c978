import { z } from "zod";
import { roleSchema } from "../common";
import { isoSchema, itemsOf } from "./shared";

/** Users: `GET/POST /api/v1/users`, `PATCH/DELETE /api/v1/users/{id}` (admin). */

export const passwordSchema = z.string().min(8, "at least 8 characters").max(256);

export const userViewSchema = z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), role: roleSchema, createdAt: isoSchema });
export type UserView = z.infer<typeof userViewSchema>;

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  password: passwordSchema,
  name: z.string().trim().min(1).max(100).optional(),
  role: roleSchema.default("viewer"),
});
export type NewUser = z.infer<typeof newUserSchema>;

export const userUpdateSchema = z
  .object({ role: roleSchema.optional(), password: passwordSchema.optional(), name: z.string().trim().min(1).max(100).optional() })
  .refine((update) => Object.keys(update).length > 0, "nothing to update");
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** `environmentAdminEmail`: VIGIL_ADMIN_EMAIL, the admin the server creates at start if missing (null: unset). */
export const userListSchema = itemsOf(userViewSchema).extend({ environmentAdminEmail: z.string().nullable() });
export const userItemSchema = z.object({ item: userViewSchema });
