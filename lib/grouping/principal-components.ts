/**
 * The first two principal components of a scaled n×d point set, for the UI scatter. Power
 * iteration on the d×d covariance (d ≤ 8, so this is microseconds) with a fixed start vector and
 * a sign convention, so the same points always give the same picture and the scatter does not
 * mirror itself between runs.
 */
export type PrincipalComponents = {
  /** n×2, row-major: each point's coordinates on PC1 and PC2. */
  scores: Float64Array;
  /** Unit loading vectors (length d); all zeros when that component has no variance. */
  axes: [Float64Array, Float64Array];
  /** Variance along each axis. */
  variances: [number, number];
  /** Share of the total variance each axis explains (0 when there is none). */
  explained: [number, number];
  /** Column means subtracted before projecting (project new points with the same means). */
  means: Float64Array;
};

const MAX_ITERATIONS = 1000;
const CONVERGED = 1e-12;

export function principalComponents(points: Float64Array, d: number): PrincipalComponents {
  const n = d > 0 ? points.length / d : 0;
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += points[i * d + j] / n;
  const covariance = covarianceOf(points, n, d, means);
  let totalVariance = 0;
  for (let j = 0; j < d; j++) totalVariance += covariance[j * d + j];
  const first = dominantAxis(covariance, d, []);
  const second = dominantAxis(covariance, d, first.variance > 0 ? [first.axis] : []);
  const axes: [Float64Array, Float64Array] = [first.axis, first.variance > 0 ? second.axis : new Float64Array(d)];
  const variances: [number, number] = [first.variance, first.variance > 0 ? second.variance : 0];
  const scores = projectPoints(points, d, means, axes);
  const explained: [number, number] = totalVariance > 0 ? [variances[0] / totalVariance, variances[1] / totalVariance] : [0, 0];
  return { scores, axes, variances, explained, means };
}

/** Projects row-major points onto the two axes (e.g. centroids onto the nodes' PCs). */
export function projectPoints(points: Float64Array, d: number, means: Float64Array, axes: [Float64Array, Float64Array]): Float64Array {
  const n = d > 0 ? points.length / d : 0;
  const scores = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const centred = points[i * d + j] - means[j];
      scores[i * 2] += centred * axes[0][j];
      scores[i * 2 + 1] += centred * axes[1][j];
    }
  }
  return scores;
}

function covarianceOf(points: Float64Array, n: number, d: number, means: Float64Array): Float64Array {
  const covariance = new Float64Array(d * d);
  if (n === 0) return covariance;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const da = points[i * d + a] - means[a];
      for (let b = a; b < d; b++) covariance[a * d + b] += da * (points[i * d + b] - means[b]);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      covariance[a * d + b] /= n;
      covariance[b * d + a] = covariance[a * d + b];
    }
  }
  return covariance;
}

/** Power iteration for the top eigenvector orthogonal to `excluded`. */
function dominantAxis(matrix: Float64Array, d: number, excluded: Float64Array[]): { axis: Float64Array; variance: number } {
  // A fixed, non-symmetric start so it is never exactly orthogonal to the answer by accident.
  let vector = Float64Array.from({ length: d }, (_, j) => 1 + j / (d + 1));
  orthogonalise(vector, excluded);
  if (!normalise(vector)) return { axis: new Float64Array(d), variance: 0 };
  let variance = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = new Float64Array(d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) next[a] += matrix[a * d + b] * vector[b];
    orthogonalise(next, excluded);
    variance = Math.sqrt(dot(next, next));
    if (!normalise(next)) return { axis: new Float64Array(d), variance: 0 };
    const change = 1 - Math.abs(dot(next, vector));
    vector = next;
    if (change < CONVERGED) break;
  }
  return { axis: withSignConvention(vector), variance };
}

function withSignConvention(vector: Float64Array): Float64Array {
  let largest = 0;
  for (let j = 1; j < vector.length; j++) if (Math.abs(vector[j]) > Math.abs(vector[largest]) + 1e-12) largest = j;
  if (vector[largest] < 0) for (let j = 0; j < vector.length; j++) vector[j] = -vector[j];
  return vector;
}

function orthogonalise(vector: Float64Array, excluded: Float64Array[]): void {
  for (const axis of excluded) {
    const projection = dot(vector, axis);
    for (let j = 0; j < vector.length; j++) vector[j] -= projection * axis[j];
  }
}

function normalise(vector: Float64Array): boolean {
  const length = Math.sqrt(dot(vector, vector));
  if (!(length > 1e-12)) return false;
  for (let j = 0; j < vector.length; j++) vector[j] /= length;
  return true;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}
