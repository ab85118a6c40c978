import { z } from "zod";
import { RingError, type RingErrorReason } from "./ring-error";

/** Highest weight of one group (weight 1 = {@link DEFAULT_VNODES_PER_WEIGHT} tokens by default). */
export const MAX_GROUP_WEIGHT = 100;
/** Most groups on one ring (owner indices are 16-bit). */
export const MAX_GROUPS = 65_536;
/** Tokens per unit of weight unless a ring is built with another figure. */
export const DEFAULT_VNODES_PER_WEIGHT = 128;
/** Bound on `vnodesPerWeight`. */
export const MAX_VNODES_PER_WEIGHT = 4_096;
/** Bound on the total tokens of one ring (6 bytes each: 24 MiB at the bound). */
export const MAX_RING_TOKENS = 4_194_304;

export const ringGroupIdSchema = z.string().min(1).max(128);
export const ringWeightSchema = z
  .number()
  .finite()
  .positive("weight must be greater than 0")
  .max(MAX_GROUP_WEIGHT, `weight must be at most ${MAX_GROUP_WEIGHT}`);

export const ringGroupSchema = z.strictObject({ id: ringGroupIdSchema, weight: ringWeightSchema });
export type RingGroupSpec = z.infer<typeof ringGroupSchema>;

export const ringMembershipSchema = z.strictObject({
  groups: z.array(ringGroupSchema).min(1, "a ring needs at least one group").max(MAX_GROUPS),
});
/** Who is on the ring: replica groups and their weights. Order does not matter. */
export type RingMembership = z.infer<typeof ringMembershipSchema>;

/** A change to a ring's membership. Every id may appear at most once across the three lists. */
export const ringChangeSchema = z.strictObject({
  add: z.array(ringGroupSchema).max(MAX_GROUPS).optional(),
  remove: z.array(ringGroupIdSchema).max(MAX_GROUPS).optional(),
  reweight: z.array(ringGroupSchema).max(MAX_GROUPS).optional(),
});
export type RingChange = z.infer<typeof ringChangeSchema>;

/** Options of a ring build. Every process must use the same ones to get the same ring. */
export type RingOptions = { vnodesPerWeight?: number };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

/** Parses with a zod schema, turning failures into a {@link RingError} of the given reason. */
export function parseRing<T>(schema: z.ZodType<T>, input: unknown, reason: RingErrorReason, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new RingError(reason, `invalid ${what}: ${describeIssues(result.error)}`);
  return result.data;
}

/** Code-unit order of ids: the same in every JavaScript engine, no locale involved. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Validates a membership (schema, duplicate ids) and returns it in canonical form: a fresh
 * object with groups sorted by id. Throws {@link RingError}.
 */
export function canonicalMembership(input: RingMembership): RingMembership {
  const membership = parseRing(ringMembershipSchema, input, "invalid_membership", "ring membership");
  const groups = membership.groups.map((group) => ({ id: group.id, weight: group.weight })).sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < groups.length; i++) {
    if (groups[i].id === groups[i - 1].id) throw new RingError("duplicate_group", `group "${groups[i].id}" appears twice in the membership`);
  }
  return { groups };
}

/** The vnode (token) count of a group: `round(weight × vnodesPerWeight)`, at least 1. */
export function vnodeCount(weight: number, vnodesPerWeight: number): number {
  return Math.max(1, Math.round(weight * vnodesPerWeight));
}

/** Resolves and validates `RingOptions.vnodesPerWeight`. */
export function resolveVnodesPerWeight(options: RingOptions | undefined): number {
  const value = options?.vnodesPerWeight ?? DEFAULT_VNODES_PER_WEIGHT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_VNODES_PER_WEIGHT) {
    throw new RingError("invalid_membership", `vnodesPerWeight must be an integer in 1..${MAX_VNODES_PER_WEIGHT}, got ${value}`);
  }
  return value;
}
