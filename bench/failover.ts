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
 * Then, through an application's eyes (bench/failover/client-trials.ts): an ioredis client in
 * Sentinel mode writes continuously, pointed at Vigil's Sentinel-compatible endpoint or at the
 * three sentinels, through a crash failover and through a planned switchover (Vigil's
 * `POST /api/v1/replica-groups/:id/switchover` vs `SENTINEL FAILOVER`). Reported: write
 * unavailability (the longest gap between acknowledged writes) and acknowledged writes missing
 * on the final primary.
 *
 *   npx tsx bench/failover.ts [--trials N] [--quick] [--sentinel-default-trials N] [--client-trials N]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startVigil, type VigilProcess } from "../tests/support/vigil-server";
import { stopAll, track } from "./failover/processes";
import { vigilClientTrial, sentinelClientTrial, type ClientEvent, type ClientTrialResult } from "./failover/client-trials";
import { printClientTable, printSeriesTable, seconds, summarize, type ClientSeries, type Series } from "./failover/report";
import { sentinelTrial } from "./failover/sentinel";
import { vigilTrial } from "./failover/vigil-trial";
import type { WriteResult } from "./failover/write-probe";
import { positiveNumberOption } from "./support/bench-options";

const { values: options } = parseArgs({
  options: {
    trials: { type: "string" },
    quick: { type: "boolean", default: false },
    "sentinel-default-trials": { type: "string" },
    "client-trials": { type: "string" },
  },
  strict: true,
});
const trials = Math.round(positiveNumberOption(options.trials, "trials", options.quick ? 3 : 10));
const sentinelDefaultTrials = Math.round(positiveNumberOption(options["sentinel-default-trials"], "sentinel-default-trials", trials));
const clientTrials = Math.round(positiveNumberOption(options["client-trials"], "client-trials", options.quick ? 2 : 5));

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
  await clientComparison();
}

async function runClientSeries(system: string, event: ClientEvent, trial: (i: number) => Promise<ClientTrialResult>): Promise<ClientSeries> {
  const series: ClientSeries = { system, event, results: [], failures: 0 };
  console.log(`\n${system}, ${event} through an ioredis client in Sentinel mode: ${clientTrials} trials`);
  for (let i = 1; i <= clientTrials; i++) {
    try {
      const result = await trial(i);
      series.results.push(result);
      console.log(`  trial ${i}: unavailable ${seconds(result.unavailableMs)}, ${result.acknowledged} writes acknowledged, ${result.lost} lost, ${result.errors} errors, ends on ${result.finalPrimary}`);
    } catch (error) {
      series.failures++;
      console.log(`  trial ${i}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return series;
}

async function clientComparison(): Promise<void> {
  console.log(`\nThrough an application: ioredis in Sentinel mode, one write after another; Sentinel down-after = ${VIGIL_DETECTION_WINDOW_MS} ms`);
  const series = [
    await runClientSeries("Vigil", "crash", (i) => vigilClientTrial(i, "crash", TRIAL_TIMEOUT_MS, NEXT_DIST_DIR)),
    await runClientSeries("Sentinel", "crash", (i) => sentinelClientTrial(i, "crash", VIGIL_DETECTION_WINDOW_MS, TRIAL_TIMEOUT_MS)),
    await runClientSeries("Vigil", "switchover", (i) => vigilClientTrial(i, "switchover", TRIAL_TIMEOUT_MS, NEXT_DIST_DIR)),
    await runClientSeries("Sentinel", "switchover", (i) => sentinelClientTrial(i, "switchover", VIGIL_DETECTION_WINDOW_MS, TRIAL_TIMEOUT_MS)),
  ];
  console.log("");
  printClientTable(series);
  const [vigilCrash, sentinelCrash, vigilSwitch] = series;
  const median = (s: ClientSeries) => summarize(s.results.map((r) => r.unavailableMs)).median;
  const lost = (s: ClientSeries) => s.results.reduce((sum, r) => sum + r.lost, 0);
  const crashMet = vigilCrash.failures === 0 && median(vigilCrash) <= median(sentinelCrash);
  console.log(
    `\ntarget: crash failover through the client no slower than Sentinel's: ${crashMet ? "MET" : "NOT MET"} ` +
      `(unavailable: Vigil median ${seconds(median(vigilCrash))} vs Sentinel median ${seconds(median(sentinelCrash))})`,
  );
  const worstSwitch = Math.max(...vigilSwitch.results.map((r) => r.unavailableMs));
  const switchMet = vigilSwitch.failures === 0 && vigilSwitch.results.length > 0 && worstSwitch < 1_000 && lost(vigilSwitch) === 0;
  console.log(
    `target: switchover unavailability under 1 s with zero acknowledged writes lost: ${switchMet ? "MET" : "NOT MET"} ` +
      `(Vigil worst ${seconds(worstSwitch)}, ${lost(vigilSwitch)} lost; SENTINEL FAILOVER median ${seconds(median(series[3]))}, ${lost(series[3])} lost)`,
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
