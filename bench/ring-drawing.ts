/**
 * Ring drawing benchmark: how long the Ring page's geometry takes for 100 groups × 128 tokens
 * (ringSegments → arcsForDrawing at 1,440 arcs → one SVG path per group). The unit test
 * (components/ring/ring-geometry.test.ts) checks the drawing is right; this measures it.
 *
 *   npm run bench:ring-drawing [-- --runs N]
 *
 * Target: median under 500 ms (what the unit test used to assert on the wall clock).
 */
import { parseArgs } from "node:util";
import { arcsForDrawing, pathsByOwner, ringSegments } from "../components/ring/ring-geometry";

const { values: options } = parseArgs({ options: { runs: { type: "string", default: "30" } }, strict: true });
const RUNS = Math.max(1, Number(options.runs));

function pseudoRandomTokens(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state;
  });
}

const groups = Array.from({ length: 100 }, (_, i) => ({ id: `g${i}`, tokens: pseudoRandomTokens(128, i + 1) }));
const timings: number[] = [];
let paths = 0;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const drawn = pathsByOwner(arcsForDrawing(ringSegments(groups), 1440), { cx: 200, cy: 200 }, 150, 190);
  timings.push(performance.now() - started);
  paths += drawn.size;
}
timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))].toFixed(1);
console.log(`ring drawing, 100 groups × 128 tokens, ${RUNS} runs (${paths / RUNS} paths each): median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
console.log(Number(at(0.5)) < 500 ? "Target met: median under 500 ms." : "TARGET MISSED: median 500 ms or more.");
