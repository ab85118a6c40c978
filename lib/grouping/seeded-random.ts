/**
 * A small seeded PRNG (mulberry32). Grouping must be reproducible: the same input and seed give
 * the same groups on every instance and in every test, so nothing here may touch Math.random().
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, below). */
export function randomIndex(random: Random, below: number): number {
  return Math.min(below - 1, Math.floor(random() * below));
}

/** `size` distinct indices of 0..n-1, seeded (partial Fisher–Yates), in ascending order. */
export function sampleIndices(n: number, size: number, random: Random): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + randomIndex(random, n - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, size).sort();
}
