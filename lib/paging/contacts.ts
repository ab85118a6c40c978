import { z } from "zod";

/**
 * How a person is paged: an e-mail address sent through an e-mail receiver's SMTP settings, or
 * a channel receiver as it is (a Slack channel, a phone bridge, a PagerDuty service).
 */
export const newContactMethodSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), receiverId: z.string().min(1).max(128), address: z.email().max(320), label: z.string().trim().max(100).default("") }),
  z.object({ kind: z.literal("channel"), receiverId: z.string().min(1).max(128), label: z.string().trim().max(100).default("") }),
]);
export type NewContactMethod = z.infer<typeof newContactMethodSchema>;

export const contactMethodSchema = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.enum(["email", "channel"]),
  receiverId: z.string(),
  address: z.string().nullable(),
  label: z.string(),
});
export type ContactMethod = z.infer<typeof contactMethodSchema>;
