import type { GroupingSettings } from "../grouping/settings";
import type { LoadGroup, OutlierMetric } from "../grouping/grouping-result";
import type { MetricName } from "./views";

/** Shapes of the load-groups API (GET /api/v1/groups and friends); types only, safe for the browser. */
/** What a stored run keeps of each group: everything but the member list, which lives in NodeGroup. */
export type StoredGroup = Omit<LoadGroup, "members">;

export type GroupView = StoredGroup & { members: string[] };
export type GroupedNodeView = {
  nodeId: string;
  groupId: number;
  distance: number;
  outlier: boolean;
  outlierMetrics: OutlierMetric[];
  features: Partial<Record<MetricName, number | null>>;
  pc: [number, number];
};
/** Clients and scripts rely on run, groups[].{id,name,size,centroid,members} and outliers. */
export type GroupsResponse = {
  run: { id: number; at: number; k: number; silhouette: number | null; inertia: number; nodes: number } | null;
  groups: GroupView[];
  outliers: string[];
  nodes: GroupedNodeView[];
  settings: GroupingSettings;
};

export type GroupingEventView = { id: number; at: number; runId: number; nodeId: string; kind: string; fromGroup: number | null; toGroup: number | null; detail: string | null };

export type GroupingHistory = {
  items: { id: number; at: number; k: number; silhouette: number | null; inertia: number; nodes: number; groups: { id: number; name: string; size: number }[] }[];
};
