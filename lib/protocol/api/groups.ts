import { z } from "zod";
import type { GroupBaseName } from "../../grouping/naming";
import { groupingSettingsSchema } from "../../grouping/settings";
import { METRIC_NAMES } from "./nodes";
import { limitQuery, msSchema, opaque } from "./shared";

/** Load groups (k-means over the fleet's metrics): `GET /api/v1/groups`, `/groups/history`, `/groups/settings`, `/nodes/{id}/groups`. */

/** The live load window keeps two minutes of per-node sums (see lib/fleet/load-window.ts). */
export const MAX_GROUPING_WINDOW_SECONDS = 120;

export const groupingSettingsUpdateSchema = groupingSettingsSchema.refine(
  (settings) => settings.windowSeconds <= MAX_GROUPING_WINDOW_SECONDS,
  { message: `windowSeconds is at most ${MAX_GROUPING_WINDOW_SECONDS}`, path: ["windowSeconds"] },
);
export const groupingSettingsResponseSchema = z.object({ settings: groupingSettingsSchema });
export const groupingHistoryQuerySchema = limitQuery(1000, 60);
export const nodeGroupQuerySchema = limitQuery(1000, 100);

const metricSchema = z.enum(METRIC_NAMES);
const metricProfileSchema = z.partialRecord(metricSchema, z.number());
const pcSchema = z.tuple([z.number(), z.number()]);

/** What a stored run keeps of each group: everything but the member list. */
export const storedGroupSchema = z.object({
  /** Stable across runs; use it for colour. */
  id: z.number(),
  /** Unique within the run, e.g. "cpu-hot", "idle", "normal-2". */
  name: z.string(),
  baseName: opaque<GroupBaseName>("idle, cpu-hot, mem-heavy, net-heavy, disk-full, slow, erroring, busy or normal"),
  /** 0 = hottest by load score. */
  rank: z.number(),
  loadScore: z.number(),
  size: z.number(),
  /** Real units: the members' per-metric medians. */
  centroid: metricProfileSchema,
  /** Fleet-IQR units away from the fleet median, clipped to ±5. */
  centroidScaled: metricProfileSchema,
  pc: pcSchema,
  typicalDistance: z.number(),
  outlierThreshold: z.number().nullable(),
  continues: z.object({ previousId: z.number(), jaccard: z.number().nullable(), cost: z.number() }).nullable(),
});
export type StoredGroup = z.infer<typeof storedGroupSchema>;
export const groupViewSchema = storedGroupSchema.extend({ members: z.array(z.string()) });
export type GroupView = z.infer<typeof groupViewSchema>;

export const outlierMetricSchema = z.object({ metric: metricSchema, value: z.number(), centroid: z.number(), deviation: z.number(), share: z.number() });
export type OutlierMetricView = z.infer<typeof outlierMetricSchema>;

export const groupedNodeViewSchema = z.object({
  nodeId: z.string(),
  groupId: z.number(),
  distance: z.number(),
  outlier: z.boolean(),
  outlierMetrics: z.array(outlierMetricSchema),
  features: z.partialRecord(metricSchema, z.number().nullable()),
  pc: pcSchema,
});
export type GroupedNodeView = z.infer<typeof groupedNodeViewSchema>;

const runSummary = { id: z.number(), at: msSchema, k: z.number(), silhouette: z.number().nullable(), inertia: z.number(), nodes: z.number() };

/** Clients and scripts rely on run, groups[].{id,name,size,centroid,members} and outliers. */
export const groupsResponseSchema = z.object({
  run: z.object(runSummary).nullable(),
  groups: z.array(groupViewSchema),
  outliers: z.array(z.string()),
  nodes: z.array(groupedNodeViewSchema),
  settings: groupingSettingsSchema,
});
export type GroupsResponse = z.infer<typeof groupsResponseSchema>;

export const groupingEventViewSchema = z.object({
  id: z.number(),
  at: msSchema,
  runId: z.number(),
  nodeId: z.string(),
  kind: z.string(),
  fromGroup: z.number().nullable(),
  toGroup: z.number().nullable(),
  detail: z.string().nullable(),
});
export type GroupingEventView = z.infer<typeof groupingEventViewSchema>;

export const groupingHistorySchema = z.object({
  items: z.array(z.object({ ...runSummary, groups: z.array(z.object({ id: z.number(), name: z.string(), size: z.number() })) })),
});
export type GroupingHistory = z.infer<typeof groupingHistorySchema>;

export const nodeGroupHistorySchema = z.object({ current: groupedNodeViewSchema.nullable(), items: z.array(groupingEventViewSchema) });
export type NodeGroupHistory = z.infer<typeof nodeGroupHistorySchema>;
