/**
 * Load groups: pure k-means grouping of nodes by their recent load. `runGrouping` is the entry
 * point; the other exports are its parts, for reuse and tests.
 */
export { runGrouping, type GroupingInput } from "./run-grouping";
export type { GroupingChanges, GroupingResult, LoadGroup, MetricProfile, NodeAssignment, OutlierMetric } from "./grouping-result";
export { previousGroupingSchema, type PreviousGrouping } from "./grouping-state";
export { DEFAULT_GROUPING_SETTINGS, groupingSettingsSchema, MAX_GROUPS, MIN_GROUPS, type GroupingSettings, type GroupingSettingsInput } from "./settings";
export { buildFeatures, METRIC_RESOLUTION, SCALED_CLIP, scaleValue, unscaleValue } from "./features";
export type { ExcludedNode, ExclusionReason, FeatureConfig, FeatureMatrix, ImputedMetrics, MetricScaling, NodeLoad } from "./features";
export { imputeFromSimilarNodes } from "./impute-missing";
export { kmeans, seedPlusPlus, type KMeansOptions, type KMeansResult } from "./kmeans";
export { chooseK, sampledSilhouette, type ChooseKOptions, type KCandidate, type KSelection, type KSelectionReason } from "./auto-k";
export { distanceMatrix, meanSilhouette } from "./silhouette";
export { matchGroups, type ClusterForMatching, type GroupForMatching, type GroupMatch, type MatchOptions, type MatchResult } from "./stable-ids";
export { solveAssignment } from "./hungarian";
export { baseNameOf, loadScoreOf, nameAndRank, type GroupBaseName, type NamedGroup } from "./naming";
export { findOutliers, largestContributions, type OutlierOptions, type OutlierScan } from "./outliers";
export { principalComponents, projectPoints, type PrincipalComponents } from "./principal-components";
export { seededRandom, type Random } from "./seeded-random";
