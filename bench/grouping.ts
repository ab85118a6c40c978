/**
 * Load-grouping benchmark: a full auto-k `runGrouping` (features → k by silhouette → k-means →
 * outliers → names → stable ids → PCA) against a single fixed-k ml-kmeans run on the same scaled
 * data (k = the true k, k-means++ seeding, seeded), in one process, at 1k / 10k / 50k nodes × 8.
 *
 *   npx tsx bench/grouping.ts [--runs N] [--sizes 1000,10000,50000]
 */
import { availableParallelism, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseArgs } from "node:util";
import { kmeans as mlKMeans } from "ml-kmeans";
import { buildFeatures } from "../lib/grouping/features";
import { kmeans } from "../lib/grouping/kmeans";
import { runGrouping } from "../lib/grouping/run-grouping";
import { seededRandom } from "../lib/grouping/seeded-random";
import { DEFAULT_GROUPING_SETTINGS } from "../lib/grouping/settings";
import { adjustedRandIndex } from "./grouping/adjusted-rand-index";
import { benchFleet, TRUE_K } from "./grouping/bench-fleet";

const { values: options } = parseArgs({
  options: { runs: { type: "string", default: "5" }, sizes: { type: "string", default: "1000,10000,50000" } },
  strict: true,
});
const runs = Math.max(1, Number(options.runs));
const sizes = options.sizes.split(",").map(Number);
const TARGET_MS_AT_10K = 200;

// Memory deltas are only meaningful from a collected heap; expose gc without a CLI flag.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

type Measured<T> = { medianMs: number; minMs: number; maxMs: number; heapMb: number; rssMb: number; last: T };

/** One warm-up, then `runs` timed runs; memory is the delta of the first timed run from a collected heap. */
function measure<T>(work: (run: number) => T): Measured<T> {
  work(-1);
  const times: number[] = [];
  let heapMb = 0;
  let rssMb = 0;
  let last: T | undefined;
  for (let run = 0; run < runs; run++) {
    collect();
    const before = process.memoryUsage();
    const started = performance.now();
    last = work(run);
    times.push(performance.now() - started);
    if (run === 0) {
      const after = process.memoryUsage();
      heapMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
      rssMb = (after.rss - before.rss) / 2 ** 20;
    }
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times[times.length - 1], heapMb, rssMb, last: last as T };
}

/** Agreement with the generating profiles, over the nodes that belong to one (noise/outliers left out). */
function agreement(labels: number[], predicted: ArrayLike<number>): number {
  const keep = labels.map((label, i) => (label >= 0 ? i : -1)).filter((i) => i >= 0);
  return adjustedRandIndex(keep.map((i) => labels[i]), keep.map((i) => predicted[i]));
}

// The numbers are only comparable on a quiet machine: the load is printed next to them.
const loadBefore = loadavg()[0];
const rows: string[][] = [];
for (const n of sizes) {
  const { nodes, labels } = benchFleet(n, 42);
  const auto = measure((run) => runGrouping({ nodes, settings: DEFAULT_GROUPING_SETTINGS, previous: null, seed: 1000 + run }));
  const fixed = measure((run) => runGrouping({ nodes, settings: { ...DEFAULT_GROUPING_SETTINGS, k: TRUE_K }, previous: null, seed: 1000 + run }));
  // The same scaled matrix both k-means implementations see.
  const { scaled } = buildFeatures(nodes);
  const rowsOf = Array.from({ length: scaled.length / 8 }, (_, i) => Array.from(scaled.subarray(i * 8, i * 8 + 8)));
  const ours = measure((run) => kmeans(scaled, 8, TRUE_K, { random: seededRandom(1000 + run) }));
  const ml = measure((run) => mlKMeans(rowsOf, TRUE_K, { initialization: "kmeans++", seed: 1000 + run, maxIterations: 100, tolerance: 1e-6 }));

  const groupOf = new Map(auto.last.assignments.map((a) => [a.nodeId, a.groupId]));
  const autoAri = agreement(labels, nodes.map((node) => groupOf.get(node.nodeId) ?? -1));
  rows.push([
    n.toLocaleString("en-US"),
    ms(auto),
    `${auto.last.k}`,
    autoAri.toFixed(3),
    `${auto.last.assignments.filter((a) => a.outlier).length}`,
    mb(auto.heapMb),
    mb(auto.rssMb),
    ms(fixed),
    ms(ours),
    agreement(labels, ours.last.assignments).toFixed(3),
    ms(ml),
    agreement(labels, ml.last.clusters).toFixed(3),
    mb(ml.heapMb),
    `${(auto.medianMs / ml.medianMs).toFixed(2)}×`,
  ]);
}

console.log(`\nLoad grouping: ${sizes.join(" / ")} nodes × 8 metrics, true k = ${TRUE_K}; median of ${runs} runs after one warm-up (min–max)`);
console.log(`Node ${process.version}, ${process.arch}, ${availableParallelism()} CPUs, 1-min load ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after`);
console.log(`ARI = adjusted Rand index vs the generating profiles (noise and planted outliers left out)\n`);
printTable(
  ["nodes", "runGrouping auto", "k", "ARI", "outliers", "heap Δ", "RSS Δ", `runGrouping k=${TRUE_K}`, `vigil kmeans k=${TRUE_K}`, "ARI", `ml-kmeans k=${TRUE_K}`, "ARI", "ml heap Δ", "auto / ml"],
  rows,
);
const tenK = rows.find((row) => row[0] === "10,000");
if (tenK) console.log(`\nTarget: a full auto-k run on 10,000 nodes under ${TARGET_MS_AT_10K} ms → ${tenK[1]}`);

function ms(measured: Measured<unknown>): string {
  return `${measured.medianMs.toFixed(1)} ms (${measured.minMs.toFixed(0)}–${measured.maxMs.toFixed(0)})`;
}

function mb(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(1)} MB`;
}

function printTable(header: string[], body: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of body) console.log(line(row));
}
