/** Deterministic inputs for bench/ring.ts: the same groups and keys on every run. */

/** mulberry32: a small seeded PRNG, so every run looks up the same keys. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weights cycle 1, 2, 0.5, 0.5 (mean 1, so both rings place 128 points per group on average). */
const WEIGHTS = [1, 2, 0.5, 0.5];

export function benchGroups(count: number): { id: string; weight: number }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `shard-${String(i).padStart(4, "0")}`, weight: WEIGHTS[i % WEIGHTS.length] }));
}

/** Random object keys like `tenant-17/object/k3j9x0q1b2`, 20–30 characters. */
export function benchKeys(count: number, seed = 42): string[] {
  const random = seededRandom(seed);
  const keys = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const tenant = Math.floor(random() * 500);
    const object = Math.floor(random() * 2 ** 52).toString(36);
    keys[i] = `tenant-${tenant}/object/${object}`;
  }
  return keys;
}
