import { z } from "zod";
import { ringChangeSchema, ringGroupSchema, ringMembershipSchema } from "../../ring";
import { previewBoundProblem } from "../../ring/preview-bounds";
import { limitQuery, msSchema } from "./shared";

/** The consistent-hash ring: its epochs, previews and changes, key lookups and settings. */

export const ringSettingsSchema = z.object({
  /** A replica group joins the ring when its first member is healthy: automatically, or after an operator approves. */
  autoJoin: z.boolean().default(true),
});
export type RingSettings = z.infer<typeof ringSettingsSchema>;
export const ringSettingsResponseSchema = z.object({ settings: ringSettingsSchema });

// ---------- requests ----------

export { ringChangeSchema };
/**
 * `POST /api/v1/ring/preview` is open to viewers: the change may name at most MAX_PREVIEW_GROUPS
 * groups and bring at most MAX_PREVIEW_VNODES virtual nodes (lib/ring/preview-bounds).
 */
export const ringPreviewRequestSchema = ringChangeSchema.superRefine((change, ctx) => {
  const problem = previewBoundProblem(change);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
/** `POST /api/v1/ring/changes`: the change and why (the audit trail and epoch history keep it). */
export const ringChangeRequestSchema = ringChangeSchema.extend({ reason: z.string().max(500).optional() });
/** Most arcs a drawing may ask for: well past the pixels round any ring a screen shows. */
export const MAX_RING_ARCS = 4_096;
export const ringQuerySchema = z.object({
  tokens: z.enum(["0", "1", "true", "false"]).optional(),
  /** Adds `drawing`: the ring as at most this many arcs (exact owner runs when it has no more), for drawing it. */
  arcs: z.coerce.number().int().min(16).max(MAX_RING_ARCS).optional(),
});
export const ringEpochsQuerySchema = limitQuery(500, 50);
export const ringLookupQuerySchema = z.object({ key: z.string().min(1).max(1024) });

// ---------- responses ----------

const groupOwnershipSchema = z.object({
  id: z.string(),
  weight: z.number(),
  tokens: z.number(),
  /** Hash values (of 2^32) the group owns. */
  keyspace: z.number(),
  /** `keyspace / 2^32`, 0..1. */
  share: z.number(),
});
/** Normalised by weight: 1 = perfectly even. */
const ringImbalanceSchema = z.object({
  maxOverMean: z.number(),
  minOverMean: z.number(),
  stddevOverMean: z.number(),
  mostLoaded: z.string(),
  leastLoaded: z.string(),
});
const ringMoveSchema = z.object({ from: z.string(), to: z.string(), share: z.number() });
/** Hashes h with start < h ≤ end changed owner. */
const movedRangeSchema = z.object({ start: z.number(), end: z.number(), from: z.string(), to: z.string() });

export const ringGroupRowSchema = z.object({
  id: z.string(),
  weight: z.number(),
  ownership: z.number(),
  /** The token count, or with `?tokens=1` each token's position on the ring. */
  tokens: z.union([z.number(), z.array(z.number())]),
  tokenCount: z.number(),
  members: z.array(z.string()),
  primary: z.string().nullable(),
  zones: z.array(z.string()),
  healthyMembers: z.number(),
  maxLagMs: z.number().nullable(),
  lastHeartbeatAt: msSchema.nullable(),
  state: z.enum(["up", "down", "unknown"]),
  /** Open incidents of the group. */
  incidents: z.number(),
});
export type RingGroupRow = z.infer<typeof ringGroupRowSchema>;

/** One drawn arc: an exact owner run, or on a dense ring an equal slice and who owns most of it. */
const ringArcSchema = z.object({
  start: z.number(),
  end: z.number(),
  /** The group owning the run, or most of the slice. */
  owner: z.string(),
  /** Tokens inside the arc. */
  tokens: z.number(),
  /** Groups owning some hash in it (1 for an exact run). */
  owners: z.number(),
  /** Share of the arc's hashes `owner` holds, 0..1 (1 for an exact run). */
  share: z.number(),
});

/** `?arcs=N`: the ring of `epoch` as drawn, plus every token's position when there are few enough to tick. */
export const ringDrawingSchema = z.object({
  epoch: z.number(),
  /** True when `arcs` are the exact owner runs (a pointer over one reads its exact range). */
  exact: z.boolean(),
  /** Groups on the ring (a dense ring's slices name only the biggest owner of each). */
  groupCount: z.number(),
  tokenCount: z.number(),
  arcs: z.array(ringArcSchema),
  /** Token positions for tick marks, or null past MAX_TICKED_TOKENS (they would merge into a band). */
  ticks: z.array(z.number()).nullable(),
});
export type RingDrawing = z.infer<typeof ringDrawingSchema>;
/** Past this many tokens a tick per token is a solid band at any size a screen shows. */
export const MAX_TICKED_TOKENS = 4_096;

export const ringViewSchema = z.object({
  epoch: z.number(),
  createdAt: msSchema.nullable(),
  groups: z.array(ringGroupRowSchema),
  /** Healthy replica groups not on the ring yet (waiting for approval when autoJoin is off). */
  pending: z.array(z.object({ id: z.string(), members: z.array(z.string()) })),
  /** Connected agents whose acknowledged placement is older than the ring's epoch. */
  agentsBehind: z.array(z.object({ nodeId: z.string(), epoch: z.number().nullable() })),
  imbalance: ringImbalanceSchema.nullable(),
  settings: ringSettingsSchema,
  /** Only with `?arcs=N`. */
  drawing: ringDrawingSchema.optional(),
});
export type RingView = z.infer<typeof ringViewSchema>;

/** What a change would do, computed by exactly the path that applies it. */
export const ringPreviewSchema = z.object({
  fromEpoch: z.number(),
  toEpoch: z.number(),
  movedShare: z.number(),
  moves: z.array(ringMoveSchema),
  ranges: z.array(movedRangeSchema),
  next: ringMembershipSchema,
  ownershipBefore: z.array(groupOwnershipSchema),
  ownershipAfter: z.array(groupOwnershipSchema),
  /** Null from an empty ring. */
  imbalanceBefore: ringImbalanceSchema.nullable(),
  imbalanceAfter: ringImbalanceSchema,
});
export type RingPreview = z.infer<typeof ringPreviewSchema>;
export const ringAppliedSchema = ringPreviewSchema.extend({ epoch: z.number() });
export type RingApplied = z.infer<typeof ringAppliedSchema>;

export const ringEpochItemSchema = z.object({
  epoch: z.number(),
  createdAt: msSchema,
  createdBy: z.string(),
  reason: z.string(),
  groups: z.array(ringGroupSchema),
  movedShare: z.number(),
  moves: z.array(ringMoveSchema),
  change: ringChangeSchema.nullable(),
});
export type RingEpochItem = z.infer<typeof ringEpochItemSchema>;
export const ringEpochListSchema = z.object({ items: z.array(ringEpochItemSchema) });
export type RingEpochList = z.infer<typeof ringEpochListSchema>;

export const ringLookupSchema = z.object({
  key: z.string(),
  hash: z.number(),
  token: z.number(),
  group: z.string(),
  /** The group's recognised primary. */
  node: z.string().nullable(),
  epoch: z.number(),
});
export type RingLookup = z.infer<typeof ringLookupSchema>;
