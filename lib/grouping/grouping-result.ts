import type { MetricName } from "../protocol/views";
import type { KCandidate, KSelectionReason } from "./auto-k";
import type { ExcludedNode, MetricScaling } from "./features";
import type { GroupBaseName } from "./naming";
import type { PreviousGrouping } from "./grouping-state";

/** Types of what `runGrouping` returns; everything is plain JSON-serialisable data. */
export type MetricProfile = Partial<Record<MetricName, number>>;

export type LoadGroup = {
  /** Stable across runs (see stable-ids); use it for colour. */
  id: number;
  /** Unique within the run, e.g. "cpu-hot", "idle", "normal-2". */
  name: string;
  baseName: GroupBaseName;
  /** 0 = hottest by load score. */
  rank: number;
  loadScore: number;
  size: number;
  /** Real units, for the clustered metrics: the members' per-metric medians. */
  centroid: MetricProfile;
  /** Fleet-IQR units away from the fleet median, clipped to ±5. */
  centroidScaled: MetricProfile;
  /** The centroid on the first two principal components, to draw it on the scatter. */
  pc: [number, number];
  members: string[];
  /** Median distance of members to the centroid (scaled units). */
  typicalDistance: number;
  /** Distance beyond which a member is an outlier; null for groups too small to judge. */
  outlierThreshold: number | null;
  /** The previous run's group this one continues; null when the group is new. */
  continues: { previousId: number; jaccard: number | null; cost: number } | null;
};

export type OutlierMetric = {
  metric: MetricName;
  /** The node's value, real units. */
  value: number;
  /** Its group centroid's value, real units. */
  centroid: number;
  /** Signed deviation in scaled units. */
  deviation: number;
  /** Share of the node's squared distance this metric explains. */
  share: number;
};

export type NodeAssignment = {
  nodeId: string;
  groupId: number;
  /** Distance to the group centroid (scaled units). */
  distance: number;
  outlier: boolean;
  outlierMetrics: OutlierMetric[];
  pc: [number, number];
  /** Metrics that were missing and filled in (the node's real values for them are estimates). */
  imputed: MetricName[];
  /** How: the median of similar nodes, or the fleet median when too few nodes were complete. */
  imputedFrom: "similar-nodes" | "fleet-median" | null;
};

export type GroupingChanges = {
  /** Nodes present in both runs whose group id changed. */
  moved: { nodeId: string; from: number; to: number }[];
  /** Outliers now that were not outliers in the previous run (all outliers when there is none). */
  becameOutliers: string[];
  /** Previous outliers that are grouped now and no longer outliers. */
  stoppedBeingOutliers: string[];
  newGroupIds: number[];
  retiredGroupIds: number[];
};

export type GroupingResult = {
  /** Groups formed (0 with no nodes, 1 when the fleet shows no structure). */
  k: number;
  silhouette: number | null;
  inertia: number;
  kSelection: { mode: "auto" | "fixed"; reason: KSelectionReason; candidates: KCandidate[] };
  metrics: MetricName[];
  scaling: MetricScaling[];
  /** In rank order. */
  groups: LoadGroup[];
  /** In input order (excluded nodes omitted). */
  assignments: NodeAssignment[];
  excluded: ExcludedNode[];
  projection: { axes: [MetricProfile, MetricProfile]; explained: [number, number] };
  changes: GroupingChanges;
  /** Pass as `previous` to the next run. */
  state: PreviousGrouping;
};
