import { z } from "zod";
import { contactMethodSchema, newContactMethodSchema } from "../../paging/contacts";
import { overrideSchema, rotationSchema, scheduleSchema } from "../../paging/on-call";
import { escalationPolicySchema } from "../../paging/policy";

/**
 * Escalation policies, on-call schedules and contact methods (issue #16). The domain schemas in
 * lib/paging are the source of truth; these add ids and what the API answers around them.
 */

export const newPolicySchema = escalationPolicySchema;
export const policyViewSchema = escalationPolicySchema.extend({ id: z.string(), createdAt: z.string() });
export type PolicyView = z.infer<typeof policyViewSchema>;
export const policyListSchema = z.object({ items: z.array(policyViewSchema) });

export const newScheduleSchema = scheduleSchema;
export const newOverrideSchema = overrideSchema;
export const overrideViewSchema = z.object({ id: z.string(), scheduleId: z.string(), userId: z.string(), startsAt: z.number(), endsAt: z.number(), createdBy: z.string() });
export type OverrideView = z.infer<typeof overrideViewSchema>;
export const overrideListSchema = z.object({ items: z.array(overrideViewSchema) });
export const scheduleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  rotations: z.array(rotationSchema),
  /** Overrides that have not ended yet. */
  overrides: z.array(overrideViewSchema),
  createdAt: z.string(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;
export const scheduleListSchema = z.object({ items: z.array(scheduleViewSchema) });

const shiftViewSchema = z.object({ userId: z.string(), userName: z.string(), rotation: z.string().nullable(), startsAt: z.number(), endsAt: z.number(), overrideId: z.string().nullable() });
export type ShiftView = z.infer<typeof shiftViewSchema>;
export const onCallViewSchema = z.object({
  now: z.number(),
  items: z.array(
    z.object({
      scheduleId: z.string(),
      scheduleName: z.string(),
      timeZone: z.string(),
      /** Who is on call now and until when, or null when nobody is. */
      current: shiftViewSchema.nullable(),
      /** The next person to take over (within 60 days). */
      next: shiftViewSchema.nullable(),
      /** The next 14 days, clipped to that window. */
      shifts: z.array(shiftViewSchema),
    }),
  ),
  /** Display names of the people the schedules and policies name. */
  users: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type OnCallView = z.infer<typeof onCallViewSchema>;

export { newContactMethodSchema };
export const contactMethodViewSchema = contactMethodSchema.extend({
  createdAt: z.string(),
  /** The address is hidden: only admins and the user themselves see it. */
  redacted: z.boolean(),
});
export type ContactMethodView = z.infer<typeof contactMethodViewSchema>;
export const contactListSchema = z.object({ items: z.array(contactMethodViewSchema) });
