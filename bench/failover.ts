/**
 * Failover benchmark: Vigil vs Redis Sentinel on the same Redis trio, measured in one run.
 *
 * Each trial: a fresh primary + 2 replicas (`--min-replicas-to-write 1 --min-replicas-max-lag 10`,
 * so a lone node refuses writes), SIGKILL of the primary, then a client tries SET on every node
 * every 50 ms. Reported: time from the SIGKILL to the first OK on another node.
 *  - Vigil: a fresh server with default safety settings, a fresh trio + 3 real agents per trial;
 *    the primary's agent is SIGKILLed with its redis-server.
 *  - Sentinel: 3 sentinels (quorum 2) per trial, no Vigil; once with Sentinel's default
 *    down-after-milliseconds (30000) and once with Vigil's detection window.
 *
 *   npx tsx bench/failover.ts [--trials N] [--quick] [--sentinel-default-trials N]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startVigil, type VigilProcess } from "../tests/support/vigil-server";
import { stopAll, track } from "./failover/processes";
import { printSeriesTable, seconds, summarize, type Series } from "./failover/report";
import { sentinelTrial } from "./failover/sentinel";
import { vigilTrial } from "./failover/vigil-trial";
import type { WriteResult } from "./failover/write-probe";
import { positiveNumberOption } from "./support/bench-options";

const { values: options } = parseArgs({
  options: {
    trials: { type: "string" },
    quick: { type: "boolean", default: false },
    "sentinel-default-trials": { type: "string" },
  },
  strict: true,
});
const trials = Math.round(positiveNumberOption(options.trials, "trials", options.quick ? 3 : 10));
const sentinelDefaultTrials = Math.round(positiveNumberOption(options["sentinel-default-trials"], "sentinel-default-trials", trials));

/** Sentinel's own default. */
const SENTINEL_DEFAULT_DOWN_AFTER_MS = 30_000;
/** Vigil's detection window at its defaults (lib/config.ts): VIGIL_DISCONNECT_CONFIRM_MS 3000 + VIGIL_HEARTBEAT_INTERVAL_MS 1000. */
const VIGIL_DETECTION_WINDOW_MS = 3_000 + 1_000;
/** VIGIL_STARTUP_GRACE_MS default: no fault is acted on this soon after the server starts. */
const VIGIL_STARTUP_GRACE_MS = 5_000;
/** The build `npm run build` made (VIGIL_NEXT_DIST_DIR, as the server reads it). */
const NEXT_DIST_DIR = process.env.VIGIL_NEXT_DIST_DIR || ".next";
const TRIAL_TIMEOUT_MS = 60_000;

async function runSeries(system: string, setting: string, count: number, trial: (i: number) => Promise<WriteResult>): Promise<Series> {
  const series: Series = { system, setting, samples: [], failures: 0 };
  console.log(`\n${system}, ${setting}: ${count} trials`);
  for (let i = 1; i <= count; i++) {
    try {
      const result = await trial(i);
      series.samples.push(result.ms);
      console.log(`  trial ${i}: first write on ${result.node} after ${seconds(result.ms)}`);
    } catch (error) {
      series.failures++;
      console.log(`  trial ${i}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return series;
}

/**
 * A fresh server per trial: a reused one would count the previous trials' dead nodes, and its
 * blast-radius guard (≥55% and ≥3 of the fleet down) rightly freezes the next failover.
 */
async function freshVigilTrial(trial: number): Promise<WriteResult> {
  const server: VigilProcess = await startVigil({ env: { VIGIL_NEXT_DIST_DIR: NEXT_DIST_DIR } });
  const stopServer = track(async () => {
    await server.stop();
    server.cleanup();
  });
  try {
    return await vigilTrial(server, trial, { startedAt: Date.now(), startupGraceMs: VIGIL_STARTUP_GRACE_MS }, TRIAL_TIMEOUT_MS);
  } finally {
    await stopServer();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(NEXT_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`${NEXT_DIST_DIR}/BUILD_ID missing: run \`npm run build\` first`);
  }
  console.log(`Failover benchmark: SIGKILL of the primary → first successful SET on the new primary (probe every 50 ms)`);
  console.log(`trials: ${trials} (Sentinel default window: ${sentinelDefaultTrials}); Vigil detection window = ${VIGIL_DETECTION_WINDOW_MS} ms (disconnect confirm 3000 + heartbeat 1000)`);

  const results: Series[] = [];
  results.push(await runSeries("Vigil", "defaults", trials, (i) => freshVigilTrial(i)));
  results.push(
    await runSeries("Sentinel", `down-after ${VIGIL_DETECTION_WINDOW_MS} ms`, trials, (i) => sentinelTrial(i, VIGIL_DETECTION_WINDOW_MS, TRIAL_TIMEOUT_MS)),
  );
  results.push(
    await runSeries("Sentinel", `down-after ${SENTINEL_DEFAULT_DOWN_AFTER_MS} ms (default)`, sentinelDefaultTrials, (i) =>
      sentinelTrial(100 + i, SENTINEL_DEFAULT_DOWN_AFTER_MS, SENTINEL_DEFAULT_DOWN_AFTER_MS + TRIAL_TIMEOUT_MS),
    ),
  );

  console.log("");
  printSeriesTable(results);
  const [vigil, sentinelSameWindow] = results;
  const vigilMedian = summarize(vigil.samples).median;
  const sentinelMedian = summarize(sentinelSameWindow.samples).median;
  const noSlower = vigil.failures === 0 && vigilMedian <= sentinelMedian;
  const under6s = vigilMedian < 6_000;
  console.log(
    `\ntarget: Vigil (default settings) no slower than Sentinel at the same detection window, and median under 6 s: ` +
      `${noSlower && under6s ? "MET" : "NOT MET"} (Vigil median ${seconds(vigilMedian)} vs Sentinel@${VIGIL_DETECTION_WINDOW_MS} ms median ${seconds(sentinelMedian)}; under 6 s: ${under6s ? "yes" : "no"})`,
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
