import { randomIndex, type Random } from "./seeded-random";

/**
 * Lloyd's k-means over a row-major n×d Float64Array, with k-means++ seeding from a seeded PRNG
 * (same points + same seed → same result), empty-cluster repair and warm starts.
 */
export type KMeansOptions = {
  random: Random;
  maxIterations?: number;
  /** Stop when the summed squared centroid shift falls below tolerance × mean per-dimension variance. */
  tolerance?: number;
  /** k×d centroids to start from instead of seeding (warm start); k is then their count. */
  initialCentroids?: Float64Array;
  /** Independent seedings to try; the lowest inertia wins. Ignored with initialCentroids. */
  restarts?: number;
};

export type KMeansResult = {
  /** Clusters actually formed: fewer than asked when the points do not have k distinct positions. */
  k: number;
  assignments: Int32Array;
  /** k×d, row-major. */
  centroids: Float64Array;
  /** Sum of squared distances of points to their centroid. */
  inertia: number;
  iterations: number;
  converged: boolean;
};

export const KMEANS_DEFAULTS = { maxIterations: 100, tolerance: 1e-4, restarts: 1 } as const;

export function kmeans(points: Float64Array, d: number, k: number, options: KMeansOptions): KMeansResult {
  const n = d > 0 ? points.length / d : 0;
  if (n === 0 || k <= 0) return { k: 0, assignments: new Int32Array(n), centroids: new Float64Array(0), inertia: 0, iterations: 0, converged: true };
  if (options.initialCentroids) return lloyd(points, n, d, options.initialCentroids.slice(), options);
  let best: KMeansResult | null = null;
  const restarts = Math.max(1, options.restarts ?? KMEANS_DEFAULTS.restarts);
  for (let attempt = 0; attempt < restarts; attempt++) {
    const result = lloyd(points, n, d, seedPlusPlus(points, n, d, Math.min(k, n), options.random), options);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}

/**
 * Greedy k-means++ (as scikit-learn does): each new centre is the best of a few D²-sampled
 * candidates, which avoids most of the bad seedings plain k-means++ still makes. Stops early
 * when every point already sits on a centre (fewer distinct points than k).
 */
export function seedPlusPlus(points: Float64Array, n: number, d: number, k: number, random: Random): Float64Array {
  const centroids = new Float64Array(k * d);
  const candidates = 2 + Math.floor(Math.log(k));
  const nearest = new Float64Array(n);
  const trial = new Float64Array(n);
  const bestTrial = new Float64Array(n);
  copyRow(points, randomIndex(random, n), centroids, 0, d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    nearest[i] = squaredDistance(points, i * d, centroids, 0, d);
    total += nearest[i];
  }
  let chosen = 1;
  for (; chosen < k && total > 0; chosen++) {
    let bestIndex = -1;
    let bestTotal = Infinity;
    for (let c = 0; c < candidates; c++) {
      const index = pickByWeight(nearest, total, random);
      let candidateTotal = 0;
      for (let i = 0; i < n; i++) {
        const distance = Math.min(nearest[i], squaredDistance(points, i * d, points, index * d, d));
        trial[i] = distance;
        candidateTotal += distance;
      }
      if (candidateTotal < bestTotal) {
        bestTotal = candidateTotal;
        bestIndex = index;
        bestTrial.set(trial);
      }
    }
    copyRow(points, bestIndex, centroids, chosen * d, d);
    nearest.set(bestTrial);
    total = bestTotal;
  }
  return chosen === k ? centroids : centroids.slice(0, chosen * d);
}

function lloyd(points: Float64Array, n: number, d: number, initial: Float64Array, options: KMeansOptions): KMeansResult {
  let centroids: Float64Array = initial;
  let k = centroids.length / d;
  const maxIterations = options.maxIterations ?? KMEANS_DEFAULTS.maxIterations;
  const threshold = (options.tolerance ?? KMEANS_DEFAULTS.tolerance) * meanVariance(points, n, d);
  const assignments = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  let sums: Float64Array = new Float64Array(k * d);
  let counts: Int32Array = new Int32Array(k);
  let iterations = 0;
  let converged = false;
  let inertia = 0;
  while (iterations < maxIterations) {
    iterations++;
    const changed = assign(points, n, d, centroids, k, assignments, distances);
    inertia = sumOf(distances);
    if (changed === 0) {
      converged = true;
      break;
    }
    accumulate(points, n, d, assignments, sums, counts);
    k = repairEmpty(points, d, k, assignments, distances, sums, counts);
    if (sums.length !== k * d) ({ sums, counts, centroids } = compact(sums, counts, d, k));
    const shift = moveCentroids(centroids, sums, counts, k, d);
    if (shift <= threshold) {
      converged = true;
      assign(points, n, d, centroids, k, assignments, distances);
      inertia = sumOf(distances);
      break;
    }
  }
  if (!converged) {
    assign(points, n, d, centroids, k, assignments, distances);
    inertia = sumOf(distances);
  }
  return { k, assignments, centroids, inertia, iterations, converged };
}

/** Assigns every point to its nearest centroid; returns how many assignments changed. */
function assign(points: Float64Array, n: number, d: number, centroids: Float64Array, k: number, assignments: Int32Array, distances: Float64Array): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * d;
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const base = c * d;
      let distance = 0;
      for (let j = 0; j < d && distance < bestDistance; j++) {
        const delta = points[offset + j] - centroids[base + j];
        distance += delta * delta;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    if (assignments[i] !== best) changed++;
    assignments[i] = best;
    distances[i] = bestDistance;
  }
  return changed;
}

function accumulate(points: Float64Array, n: number, d: number, assignments: Int32Array, sums: Float64Array, counts: Int32Array): void {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const base = assignments[i] * d;
    counts[assignments[i]]++;
    for (let j = 0; j < d; j++) sums[base + j] += points[i * d + j];
  }
}

/**
 * An empty cluster is re-seeded with the point farthest from its centroid (the worst-served
 * point), taken from a cluster that keeps at least one member. When no point is away from its
 * centroid there are fewer distinct positions than clusters, so the empty cluster is dropped.
 * Returns the new k (clusters to drop are marked by a count of -1 and compacted by the caller).
 */
function repairEmpty(points: Float64Array, d: number, k: number, assignments: Int32Array, distances: Float64Array, sums: Float64Array, counts: Int32Array): number {
  let remaining = k;
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    let farthest = -1;
    let farthestDistance = 0;
    for (let i = 0; i < distances.length; i++) {
      if (distances[i] > farthestDistance && counts[assignments[i]] > 1) {
        farthestDistance = distances[i];
        farthest = i;
      }
    }
    if (farthest < 0) {
      counts[c] = -1;
      remaining--;
      continue;
    }
    const from = assignments[farthest];
    for (let j = 0; j < d; j++) {
      sums[from * d + j] -= points[farthest * d + j];
      sums[c * d + j] = points[farthest * d + j];
    }
    counts[from]--;
    counts[c] = 1;
    assignments[farthest] = c;
    distances[farthest] = 0;
  }
  return remaining;
}

function compact(sums: Float64Array, counts: Int32Array, d: number, k: number): { sums: Float64Array; counts: Int32Array; centroids: Float64Array } {
  const keptSums = new Float64Array(k * d);
  const keptCounts = new Int32Array(k);
  let next = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] < 0) continue;
    keptSums.set(sums.subarray(c * d, (c + 1) * d), next * d);
    keptCounts[next++] = counts[c];
  }
  // Assignments are renumbered by the next assign() pass, which always runs after a move.
  return { sums: keptSums, counts: keptCounts, centroids: new Float64Array(k * d) };
}

/** Moves every centroid to its cluster mean; returns the summed squared shift. */
function moveCentroids(centroids: Float64Array, sums: Float64Array, counts: Int32Array, k: number, d: number): number {
  let shift = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const next = sums[c * d + j] / counts[c];
      shift += (next - centroids[c * d + j]) ** 2;
      centroids[c * d + j] = next;
    }
  }
  return shift;
}

export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const delta = a[aOffset + j] - b[bOffset + j];
    sum += delta * delta;
  }
  return sum;
}

function pickByWeight(weights: Float64Array, total: number, random: Random): number {
  let target = random() * total;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    last = i;
    target -= weights[i];
    if (target < 0) return i;
  }
  return last;
}

function copyRow(from: Float64Array, row: number, to: Float64Array, offset: number, d: number): void {
  for (let j = 0; j < d; j++) to[offset + j] = from[row * d + j];
}

function meanVariance(points: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * d + j];
    mean /= n;
    let sumOfSquares = 0;
    for (let i = 0; i < n; i++) sumOfSquares += (points[i * d + j] - mean) ** 2;
    total += sumOfSquares / n;
  }
  return total / d;
}

function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}
