import { METRIC_NAMES, type MetricName } from "../protocol/views";
import { medianAbsoluteDeviation, quantileOfSorted, standardDeviation } from "./robust-statistics";

/** One node's load over the recent window, as the caller aggregated it. */
export type NodeLoad = {
  nodeId: string;
  means: Partial<Record<MetricName, number | null>>;
  /** Heartbeats that went into the means. */
  samples: number;
};

export type ExclusionReason = "too-few-samples" | "no-metrics" | "duplicate-node-id";
export type ExcludedNode = { nodeId: string; reason: ExclusionReason; detail: string };

/** How a metric was turned into a unit-free feature: scaled = clip((real - center) / scale). */
export type MetricScaling = {
  metric: MetricName;
  center: number;
  /** 0 when the metric is constant (or absent) across the fleet: it then contributes nothing. */
  scale: number;
  method: "iqr" | "mad" | "std" | "resolution" | "constant" | "absent";
};

/** "fleet-median" here; run-grouping refines to "similar-nodes" where it can (see impute-missing). */
export type ImputedMetrics = { nodeId: string; metrics: MetricName[]; method: "fleet-median" | "similar-nodes" };

export type FeatureConfig = {
  metrics: readonly MetricName[];
  minSamples: number;
  /** Smallest difference worth a unit of distance, per metric (defaults: METRIC_RESOLUTION). */
  resolution?: Partial<Record<MetricName, number>>;
};

/**
 * The smallest difference per metric that still means something to an operator, in the units
 * agents report (cpu, mem, disk, errorRate are fractions; net is bytes/s). It floors the scale:
 * when most of the fleet sits in one state, the IQR of a metric is just that state's jitter, and
 * dividing by it would blow ±1% of disk up to the weight of a real load difference, drowning the
 * metrics that do separate groups.
 */
export const METRIC_RESOLUTION: Record<MetricName, number> = {
  cpu: 0.02,
  mem: 0.02,
  disk: 0.02,
  netIn: 125_000,
  netOut: 125_000,
  load1: 0.25,
  latencyMs: 2,
  errorRate: 0.01,
};

export type FeatureMatrix = {
  metrics: MetricName[];
  nodeIds: string[];
  /** n×d, row-major, robust-scaled and clipped: what the clustering sees. */
  scaled: Float64Array;
  /** n×d, row-major, real units after imputation: what operators are shown. */
  real: Float64Array;
  scaling: MetricScaling[];
  /** n×d, 1 where the value was missing or not finite and had to be imputed. */
  missing: Uint8Array;
  /** Per node, the metrics that were missing and how they were filled in. */
  imputed: ImputedMetrics[];
  excluded: ExcludedNode[];
};

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { metrics: METRIC_NAMES, minSamples: 5 };

/** Scaled values are clipped so a single absurd reading cannot stretch the space for everyone. */
export const SCALED_CLIP = 5;
// IQR is the unit; MAD and the standard deviation are converted to what the IQR would be for a
// normal distribution, so a metric that falls back keeps a comparable weight.
const MAD_TO_IQR = 2;
const STD_TO_IQR = 1.349;

export function buildFeatures(nodes: readonly NodeLoad[], config: FeatureConfig = DEFAULT_FEATURE_CONFIG): FeatureMatrix {
  const metrics = [...config.metrics];
  const d = metrics.length;
  const excluded: ExcludedNode[] = [];
  const kept: NodeLoad[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    const reason = exclusionOf(node, metrics, config.minSamples, seen);
    seen.add(node.nodeId);
    if (reason) excluded.push({ nodeId: node.nodeId, ...reason });
    else kept.push(node);
  }

  const n = kept.length;
  const real = new Float64Array(n * d);
  const missing = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const value = kept[i].means[metrics[j]];
      if (typeof value === "number" && Number.isFinite(value)) real[i * d + j] = value;
      else missing[i * d + j] = 1;
    }
  }

  const resolution = { ...METRIC_RESOLUTION, ...config.resolution };
  const scaling = metrics.map((metric, j) => withResolution(scalingOf(metric, columnWithout(real, missing, n, d, j)), resolution[metric]));
  const imputed: FeatureMatrix["imputed"] = [];
  for (let i = 0; i < n; i++) {
    const imputedMetrics: MetricName[] = [];
    for (let j = 0; j < d; j++) {
      if (!missing[i * d + j]) continue;
      real[i * d + j] = scaling[j].center;
      imputedMetrics.push(metrics[j]);
    }
    if (imputedMetrics.length) imputed.push({ nodeId: kept[i].nodeId, metrics: imputedMetrics, method: "fleet-median" });
  }

  const scaled = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) scaled[i * d + j] = scaleValue(real[i * d + j], scaling[j]);
  }
  return { metrics, nodeIds: kept.map((node) => node.nodeId), scaled, real, scaling, missing, imputed, excluded };
}

export function scaleValue(value: number, scaling: MetricScaling): number {
  if (scaling.scale === 0 || !Number.isFinite(value)) return 0;
  const scaled = (value - scaling.center) / scaling.scale;
  return Math.max(-SCALED_CLIP, Math.min(SCALED_CLIP, scaled));
}

export function unscaleValue(scaled: number, scaling: MetricScaling): number {
  return scaling.center + scaled * scaling.scale;
}

function exclusionOf(node: NodeLoad, metrics: MetricName[], minSamples: number, seen: Set<string>): Omit<ExcludedNode, "nodeId"> | null {
  if (seen.has(node.nodeId)) return { reason: "duplicate-node-id", detail: "the node appears more than once; the first entry was used" };
  if (!(node.samples >= minSamples)) {
    return { reason: "too-few-samples", detail: `${node.samples} samples in the window, at least ${minSamples} needed` };
  }
  // A node with no usable metric at all would be imputed to the exact fleet median and look
  // perfectly "normal"; better to say we know nothing about it.
  const hasAny = metrics.some((metric) => {
    const value = node.means[metric];
    return typeof value === "number" && Number.isFinite(value);
  });
  if (!hasAny) return { reason: "no-metrics", detail: "none of the selected metrics has a value" };
  return null;
}

function columnWithout(real: Float64Array, missing: Uint8Array, n: number, d: number, j: number): Float64Array {
  const column: number[] = [];
  for (let i = 0; i < n; i++) if (!missing[i * d + j]) column.push(real[i * d + j]);
  return Float64Array.from(column).sort();
}

function withResolution(scaling: MetricScaling, resolution: number): MetricScaling {
  if (scaling.scale === 0 || scaling.scale >= resolution) return scaling;
  return { ...scaling, scale: resolution, method: "resolution" };
}

/**
 * Median/IQR scaling. When more than half the fleet shares one value the IQR (and then the MAD)
 * is 0 although the metric is not constant, typically errorRate: 0 almost everywhere. The range
 * would then cap the erroring minority at 1 unit, too weak to ever form an "erroring" group, so
 * the last fallback is the standard deviation, which weighs a rare deviation more the rarer it
 * is (and the clip bounds it).
 */
function scalingOf(metric: MetricName, sorted: Float64Array): MetricScaling {
  if (sorted.length === 0) return { metric, center: 0, scale: 0, method: "absent" };
  const center = quantileOfSorted(sorted, 0.5);
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  if (iqr > 0) return { metric, center, scale: iqr, method: "iqr" };
  const mad = medianAbsoluteDeviation(sorted, center);
  if (mad > 0) return { metric, center, scale: mad * MAD_TO_IQR, method: "mad" };
  const std = standardDeviation(sorted);
  // Relative guard: float noise around a constant value is not a signal.
  if (std > 1e-12 * Math.max(1, Math.abs(center))) return { metric, center, scale: std * STD_TO_IQR, method: "std" };
  return { metric, center, scale: 0, method: "constant" };
}
