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
    }),
  ),
  outliers: z.array(z.string()),
});

export type PreviousGrouping = z.infer<typeof previousGroupingSchema>;

export const FIRST_GROUP_ID = 1;
