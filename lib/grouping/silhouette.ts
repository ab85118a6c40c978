/**
 * Exact mean silhouette of a (small) set of points. Built around a distance matrix computed once
 * so that scoring several clusterings of the same points (one per candidate k) costs O(m²) each.
 */
export type DistanceMatrix = { m: number; distances: Float64Array };

/** Packed upper triangle of Euclidean distances between the m rows of a row-major m×d array. */
export function distanceMatrix(points: Float64Array, d: number): DistanceMatrix {
  const m = d > 0 ? points.length / d : 0;
  const distances = new Float64Array((m * (m - 1)) / 2);
  let next = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const delta = points[a * d + j] - points[b * d + j];
        sum += delta * delta;
      }
      distances[next++] = Math.sqrt(sum);
    }
  }
  return { m, distances };
}

/**
 * Mean silhouette (Rousseeuw 1987) of the labelled points; a point alone in its cluster scores 0.
 * Returns null when fewer than two clusters are present (the silhouette is undefined then).
 */
export function meanSilhouette(matrix: DistanceMatrix, labels: Int32Array, k: number): number | null {
  const { m, distances } = matrix;
  if (m < 2) return null;
  const sizes = new Int32Array(k);
  for (let i = 0; i < m; i++) sizes[labels[i]]++;
  if (sizes.filter((size) => size > 0).length < 2) return null;
  // sums[i*k + c]: total distance from point i to the points of cluster c.
  const sums = new Float64Array(m * k);
  let next = 0;
  for (let a = 0; a < m; a++) {
    const labelA = labels[a];
    for (let b = a + 1; b < m; b++) {
      const distance = distances[next++];
      sums[a * k + labels[b]] += distance;
      sums[b * k + labelA] += distance;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const own = labels[i];
    if (sizes[own] < 2) continue;
    const within = sums[i * k + own] / (sizes[own] - 1);
    let nearest = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      nearest = Math.min(nearest, sums[i * k + c] / sizes[c]);
    }
    const spread = Math.max(within, nearest);
    total += spread > 0 ? (nearest - within) / spread : 0;
  }
  return total / m;
}
