import { z } from "zod";
import { METRIC_NAMES } from "../protocol/views";

/**
 * What one run hands to the next (the caller stores it as JSON): enough to keep group ids
 * stable and to report what changed. Centroids are in real units so the next run can re-scale
 * them with its own fleet statistics.
 */
export const previousGroupingSchema = z.object({
  version: z.literal(1),
  /** The next group id to hand out; ids are never reused. */
  nextId: z.number().int().min(1),
  groups: z.array(
    z.object({
      id: z.number().int().min(1),
      name: z.string(),
      centroid: z.partialRecord(z.enum(METRIC_NAMES), z.number()),
      members: z.array(z.string()),
      /** Another name this group's centroid has called for, and for how many consecutive runs (see stability). */
      pendingName: z.object({ name: z.string(), runs: z.number().int().min(1) }).nullish(),
    }),
  ),
  outliers: z.array(z.string()),
  /** When each node joined the group it is in: a node moves only after a dwell time. */
  joinedAt: z.record(z.string(), z.number()).optional(),
  /** Consecutive runs each not-yet-flagged node has been beyond its outlier threshold. */
  outlierStreaks: z.record(z.string(), z.number().int().min(1)).optional(),
});

export type PreviousGrouping = z.infer<typeof previousGroupingSchema>;

export const FIRST_GROUP_ID = 1;
