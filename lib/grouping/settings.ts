import { z } from "zod";
import { METRIC_NAMES } from "../protocol/views";

export const MAX_GROUPS = 8;
export const MIN_GROUPS = 2;

/**
 * Operator-editable grouping settings. `windowSeconds` and `intervalSeconds` are read by the
 * caller (which computes per-node means over the window and schedules the run); the pure
 * grouping itself uses `k`, `metrics`, `minSamples` and the hysteresis settings.
 */
export const groupingSettingsSchema = z
  .object({
    k: z.union([z.literal("auto"), z.number().int().min(MIN_GROUPS).max(MAX_GROUPS)]).default("auto"),
    metrics: z
      .array(z.enum(METRIC_NAMES))
      .min(1)
      .refine((metrics) => new Set(metrics).size === metrics.length, "metrics must not repeat")
      .default(() => [...METRIC_NAMES]),
    windowSeconds: z.number().int().min(5).max(3600).default(60),
    minSamples: z.number().int().min(1).default(5),
    intervalSeconds: z.number().int().min(1).max(3600).default(10),
    /**
     * Hysteresis (see stability.ts): a node changes group only when clearly closer to the other
     * centroid (`moveMargin`, a share of its distance) and after `dwellSeconds` in its group; a new
     * group name and a new outlier must hold `confirmRuns` consecutive runs.
     */
    dwellSeconds: z.number().int().min(0).max(86_400).default(300),
    moveMargin: z.number().min(0).max(0.9).default(0.2),
    confirmRuns: z.number().int().min(1).max(20).default(3),
  })
  // Nodes report once a second, so a window can never hold more samples than seconds.
  .refine((settings) => settings.minSamples <= settings.windowSeconds, {
    message: "minSamples cannot exceed windowSeconds (one sample per second)",
    path: ["minSamples"],
  });

export type GroupingSettings = z.infer<typeof groupingSettingsSchema>;
export type GroupingSettingsInput = z.input<typeof groupingSettingsSchema>;

export const DEFAULT_GROUPING_SETTINGS: GroupingSettings = groupingSettingsSchema.parse({});
