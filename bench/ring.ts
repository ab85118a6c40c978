/**
 * Ring benchmark: Vigil's ring (lib/ring, XXH32 + sorted Uint32Array) next to the `hashring`
 * npm package (ketama: md5, 32 vnodes × 4 points = 128 points per unit of mean weight, with its
 * built-in 5,000-entry LRU cache left on as shipped), built from the same groups and weights and
 * looked up with the same pre-generated keys in the same process.
 *
 *   npx tsx bench/ring.ts [--keys N] [--rounds N] [--builds N]
 *
 * Targets: lookups/s at least 2× hashring's; a 1,000-group rebuild under 50 ms (median).
 */
import HashRing from "hashring";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildRing, lookupKey, ownerOf, ringBytes, type Ring, type RingMembership } from "../lib/ring";
import { benchGroups, benchKeys } from "./ring/fixtures";

const { values: options } = parseArgs({
  options: { keys: { type: "string", default: "1000000" }, rounds: { type: "string", default: "5" }, builds: { type: "string", default: "15" } },
  strict: true,
});
const KEY_COUNT = Number(options.keys);
const ROUNDS = Number(options.rounds);
const BUILDS = Number(options.builds);
const VNODES = 128;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One pass over all keys per implementation. Separate loops keep each call site monomorphic. */
function passOwnerOf(ring: Ring, keys: string[]): number {
  let sink = 0;
  for (let i = 0; i < keys.length; i++) sink += ownerOf(ring, keys[i]).length;
  return sink;
}
function passLookupKey(ring: Ring, keys: string[]): number {
  let sink = 0;
  for (let i = 0; i < keys.length; i++) sink += lookupKey(ring, keys[i]).token & 1;
  return sink;
}
function passHashring(ketama: HashRing, keys: string[]): number {
  let sink = 0;
  for (let i = 0; i < keys.length; i++) sink += ketama.get(keys[i]).length;
  return sink;
}

/**
 * Median lookups per second of each pass over `ROUNDS` rounds (after one warm-up round). The
 * passes are interleaved round by round so a noisy neighbour slows all of them alike.
 */
function lookupsPerSecond(keys: string[], passes: (() => number)[]): number[] {
  const rates = passes.map((): number[] => []);
  let sink = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    passes.forEach((pass, p) => {
      const start = process.hrtime.bigint();
      sink += pass();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (round > 0) rates[p].push(keys.length / seconds);
    });
  }
  if (sink === 42) console.log(""); // keep the loops observable
  return rates.map(median);
}

/** Median build time in ms over `BUILDS` builds (after one warm-up build). */
function buildMs<T>(build: () => T): number {
  const times: number[] = [];
  for (let i = 0; i <= BUILDS; i++) {
    const start = process.hrtime.bigint();
    build();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) times.push(ms);
  }
  return median(times);
}

/** Heap + array-buffer bytes retained per instance, from `COPIES` live instances after full GCs. */
const COPIES = 8;
function retainedBytes<T>(build: () => T): { bytes: number; value: T } {
  gc();
  gc();
  const before = process.memoryUsage();
  const values = Array.from({ length: COPIES }, build);
  gc();
  gc();
  const after = process.memoryUsage();
  return { bytes: (after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)) / values.length, value: values[0] };
}

function hashringOf(membership: RingMembership): HashRing {
  const servers: Record<string, number> = {};
  for (const group of membership.groups) servers[group.id] = group.weight;
  return new HashRing(servers, "md5", { "vnode count": VNODES / 4, replicas: 4 });
}

const mib = (bytes: number): string => `${(bytes / 1_048_576).toFixed(2)} MiB`;
const rate = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M/s`;
const ratio = (value: number): string => `${value.toFixed(2)}×`;

console.log(
  `Ring benchmark: ${KEY_COUNT.toLocaleString("en")} pre-generated random string keys, ${VNODES} vnodes per unit weight, ` +
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)} at start`,
);
const keys = benchKeys(KEY_COUNT);

type Row = [metric: string, vigil: string, hashring: string, ratio: string];
const rows: Row[] = [];
const misses: string[] = [];

for (const groupCount of [100, 1_000]) {
  const membership: RingMembership = { groups: benchGroups(groupCount) };
  // one throw-away build each, so one-time module and JIT allocations are not counted as the ring's
  buildRing(membership);
  hashringOf(membership);
  const ours = retainedBytes(() => buildRing(membership));
  const theirs = retainedBytes(() => hashringOf(membership));
  const ring: Ring = ours.value;
  const ketama = theirs.value;

  const [oursOwner, oursLookup, theirsGet] = lookupsPerSecond(keys, [() => passOwnerOf(ring, keys), () => passLookupKey(ring, keys), () => passHashring(ketama, keys)]);
  const oursBuild = buildMs(() => buildRing(membership));
  const theirsBuild = buildMs(() => hashringOf(membership));

  let agree = 0;
  for (let i = 0; i < 10_000; i++) if (ownerOf(ring, keys[i]) === ketama.get(keys[i])) agree++;
  const label = `${groupCount.toLocaleString("en")} groups`;
  rows.push(
    [`${label}: tokens / points`, ring.tokens.length.toLocaleString("en"), ketama.size.toLocaleString("en"), ratio(ring.tokens.length / ketama.size)],
    [`${label}: lookups/s (ownerOf → id)`, rate(oursOwner), rate(theirsGet), ratio(oursOwner / theirsGet)],
    [`${label}: lookups/s (lookupKey → object)`, rate(oursLookup), rate(theirsGet), ratio(oursLookup / theirsGet)],
    [`${label}: rebuild, median of ${BUILDS}`, `${oursBuild.toFixed(2)} ms`, `${theirsBuild.toFixed(2)} ms`, ratio(theirsBuild / oursBuild) + " faster"],
    [`${label}: typed arrays`, mib(ringBytes(ring)), "-", "-"],
    [`${label}: retained heap + buffers`, mib(ours.bytes), mib(theirs.bytes), ratio(theirs.bytes / ours.bytes) + " smaller"],
  );
  if (oursOwner < 2 * theirsGet) misses.push(`${label}: lookups ${ratio(oursOwner / theirsGet)} of hashring's (target ≥ 2×)`);
  if (groupCount === 1_000 && oursBuild >= 50) misses.push(`${label}: rebuild ${oursBuild.toFixed(1)} ms (target < 50 ms)`);
  // Different hash functions place keys differently: agreement should sit near the 1/n chance level.
  console.log(`${label}: owners agree with hashring on ${(agree / 100).toFixed(2)}% of 10,000 keys (different hashes; chance ≈ ${(100 / groupCount).toFixed(2)}%)`);
}

const headers: Row = ["metric", "vigil ring", "hashring (ketama)", "ratio vigil/hashring"];
const widths = headers.map((header, c) => Math.max(header.length, ...rows.map((row) => row[c].length)));
const line = (row: Row): string => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ");
console.log(`\n${line(headers)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}`);
for (const row of rows) console.log(line(row));
console.log(misses.length ? `\nTARGETS MISSED:\n- ${misses.join("\n- ")}` : "\nTargets met: lookups ≥ 2× hashring, 1,000-group rebuild < 50 ms.");
