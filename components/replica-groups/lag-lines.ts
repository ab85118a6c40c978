import type { LagSample } from "./lag-history";

/**
 * The replica lag chart's geometry: an axis ceiling that reads well and one SVG path per replica
 * in a fixed frame (the chart stretches it), broken where a replica did not report.
 */

/** The highest lag shown rounded up to 1, 2 or 5 × 10^n ms; 10 ms when nothing lags, so a flat line sits at the bottom. */
export function niceLagCeiling(samples: readonly LagSample[], replicaIds: readonly string[]): number {
  let max = 0;
  for (const sample of samples) {
    for (const nodeId of replicaIds) {
      const lag = sample.lags[nodeId];
      if (lag !== null && lag !== undefined && lag > max) max = lag;
    }
  }
  if (max <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= max) ?? 10;
  return step * power;
}

export type LagFrame = { start: number; span: number; ceiling: number; width: number; height: number };

const round = (value: number) => Math.round(value * 10) / 10;

/** One path per replica (in `replicaIds` order); "" for a replica with nothing to draw. */
export function lagLinePaths(samples: readonly LagSample[], replicaIds: readonly string[], frame: LagFrame): string[] {
  const { start, span, ceiling, width, height } = frame;
  return replicaIds.map((nodeId) => {
    let path = "";
    let drawing = false;
    for (const sample of samples) {
      const lag = sample.lags[nodeId];
      if (lag === null || lag === undefined) {
        drawing = false;
        continue;
      }
      const x = round(((sample.at - start) / (span || 1)) * width);
      const y = round(height - (Math.min(lag, ceiling) / ceiling) * height);
      path += `${drawing ? "L" : "M"}${x} ${y}`;
      drawing = true;
    }
    return path;
  });
}
