import { z } from "zod";
import { roleSchema } from "../common";
import { newUserSchema, userViewSchema } from "./users";

/** Sessions: `/api/v1/auth/login`, `/logout`, `/me`, `/setup`. */

export const loginSchema = z.object({ email: z.string().min(1).max(200), password: z.string().min(1).max(256) });
/**
 * The first admin (only while no user exists), with the one-time setup code Vigil printed in its
 * log at start (`[vigil] first run: … setup code XXXX-XXXX-XXXX`).
 */
export const setupSchema = newUserSchema.omit({ role: true }).extend({ setupCode: z.string().trim().min(1).max(64) });
export type SetupRequest = z.infer<typeof setupSchema>;

/** Login and setup answer the user and set the `vigil_session` cookie. */
export const sessionUserSchema = z.object({ user: userViewSchema });
export const setupStatusSchema = z.object({ needsSetup: z.boolean() });
/** A session answers its user; an API token answers itself (and `user: null`). */
export const meSchema = z.union([
  z.object({ user: z.null(), token: z.object({ id: z.string(), name: z.string(), role: roleSchema }) }),
  z.object({ user: userViewSchema.nullable() }),
]);
export type Me = z.infer<typeof meSchema>;
