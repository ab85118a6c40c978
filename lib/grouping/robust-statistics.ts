/** Order statistics the grouping uses to stay robust against a few extreme nodes. */

/** Linear-interpolated quantile of values already sorted ascending (q in [0, 1]). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function medianOf(values: ArrayLike<number>): number {
  return quantileOfSorted(Float64Array.from(values).sort(), 0.5);
}

/** Median absolute deviation from `center` (unscaled). */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center: number): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - center);
  return medianOf(deviations);
}

export function standardDeviation(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) sumOfSquares += (values[i] - mean) ** 2;
  return Math.sqrt(sumOfSquares / values.length);
}
