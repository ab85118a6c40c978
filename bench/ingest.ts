/**
 * Ingest benchmark: bare Socket.IO ceiling, Vigil saturated, then bare Socket.IO and Vigil at a
 * fixed 10,000 heartbeats/s over 10,000 connections, all in one run so the ratios compare like
 * with like on a noisy machine.
 *
 *   npm run bench:ingest [-- --quick] [--duration S] [--profile] [--fixed-connections N --fixed-rate R]
 *
 * Vigil stores in a temp SQLite file, or with VIGIL_TEST_DATABASE=postgresql (or
 * VIGIL_TEST_POSTGRES_URL) in a fresh schema of that PostgreSQL database, as the test suite does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BareServerMessage } from "./bare-server";
import { positiveNumberOption } from "./support/bench-options";
import { REPO_ROOT, spawnTsx } from "./support/child";
import { awaitProfileIn, monotonicMicros, summarizeProfile, type ProfileSummary, type ProfileWindow } from "./support/cpu-profile";
import { dateStamp, formatInteger, formatMs, printTable } from "./support/format";
import { healthNote } from "./support/load-health";
import { runLoad, type LoadRunResult } from "./support/load-run";
import { testDatabaseKind } from "../tests/support/vigil-server";
import { AGENT_TOKEN, countStateChanges, countStoredHeartbeats, scrapeMetric, scrapeMetrics, sleep, startBuiltVigil, type VigilProcess } from "./support/vigil";

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    profile: { type: "boolean", default: false },
    "fixed-connections": { type: "string" },
    "fixed-rate": { type: "string" },
  },
  strict: true,
});

const quick = options.quick;
const duration = options.duration === undefined ? undefined : positiveNumberOption(options.duration, "duration", 10);
const plan = {
  bareSeconds: duration ?? (quick ? 3 : 10),
  saturatedSeconds: duration ?? (quick ? 4 : 15),
  fixedSeconds: duration ?? (quick ? 4 : 15),
  warmupMs: quick ? 1_000 : 3_000,
  generators: 2,
  clientsPerGenerator: 100,
  window: 32,
  fixedConnections: positiveNumberOption(options["fixed-connections"], "fixed-connections", quick ? 2_000 : 10_000),
  fixedRatePerConnection: positiveNumberOption(options["fixed-rate"], "fixed-rate", quick ? 5 : 1),
};
const UNLIMITED_RATE = "1000000";
const database = testDatabaseKind();

type PhaseFigures = {
  ackedPerSec: number;
  storedPerSec: number | null;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  serverCpuPercent: number;
  serverWaitPercent: number;
  serverPeakRssMiB: number;
  generatorCpuPercent: number;
  connected: number;
  connectSeconds: number;
  errorAcks: Record<string, number>;
  unackedAfterDrain: number;
  disconnects: number;
};

function figuresOf(run: LoadRunResult): PhaseFigures {
  return {
    ackedPerSec: run.ackedPerSec,
    storedPerSec: run.probedPerSec,
    ackP50Ms: run.latency.quantile(0.5),
    ackP99Ms: run.latency.quantile(0.99),
    ackMaxMs: run.latency.max,
    serverCpuPercent: run.serverCpuPercent,
    serverWaitPercent: run.serverWaitPercent,
    serverPeakRssMiB: run.serverPeakRssMiB,
    generatorCpuPercent: run.generatorCpuPercent,
    connected: run.connected,
    connectSeconds: run.connectSeconds,
    errorAcks: run.errorAcks,
    unackedAfterDrain: run.unackedAfterDrain,
    disconnects: run.disconnects,
  };
}

const fixedPattern = () => ({ kind: "paced", perClientPerSec: plan.fixedRatePerConnection, maxInFlightPerClient: 100 }) as const;
const fixedClientsPerGenerator = () => Math.ceil(plan.fixedConnections / plan.generators);

async function benchBare(kind: "saturated" | "fixed"): Promise<LoadRunResult> {
  const server = spawnTsx<BareServerMessage, never>("bench/bare-server.ts");
  try {
    const { port } = await server.next((m): m is BareServerMessage => m.type === "listening", 30_000);
    return await runLoad({
      url: `http://127.0.0.1:${port}`,
      token: "unused",
      nodeIdPrefix: "bare-",
      generators: plan.generators,
      clientsPerGenerator: kind === "saturated" ? plan.clientsPerGenerator : fixedClientsPerGenerator(),
      pattern: kind === "saturated" ? { kind: "saturate", window: plan.window } : fixedPattern(),
      warmupMs: plan.warmupMs,
      measureMs: (kind === "saturated" ? plan.bareSeconds : plan.fixedSeconds) * 1000,
      serverPid: server.pid,
    });
  } finally {
    await server.stop();
  }
}

/**
 * The server publishes its event-loop delay p99 over each last second as a gauge; scraping it
 * every second of the window and keeping the worst shows how stalled the loop got. How long the
 * scrape itself takes is the same question asked from outside.
 */
type EventLoopWatch = { start: () => void; stop: () => void; worstGaugeMs: () => number; slowestScrapeMs: () => number };

function watchEventLoopDelay(server: VigilProcess): EventLoopWatch {
  let worstGauge = Number.NaN;
  let slowestScrape = Number.NaN;
  let timer: NodeJS.Timeout | null = null;
  const worse = (current: number, value: number) => (Number.isFinite(current) ? Math.max(current, value) : value);
  const scrape = async () => {
    const started = performance.now();
    const seconds = await scrapeMetric(server, "vigil_event_loop_delay_seconds").catch(() => Number.NaN);
    slowestScrape = worse(slowestScrape, performance.now() - started);
    if (Number.isFinite(seconds)) worstGauge = worse(worstGauge, seconds * 1000);
  };
  return {
    start: () => (timer = setInterval(() => void scrape(), 1000)),
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
    worstGaugeMs: () => worstGauge,
    slowestScrapeMs: () => slowestScrape,
  };
}

type VigilPhase = {
  run: LoadRunResult;
  storedRows: number;
  ingestedCounter: number;
  eventLoopP99Ms: number;
  slowestMetricsScrapeMs: number;
  /** Detector verdicts until the load stopped: every agent was alive, so any suspect or down is a false alarm. */
  falseAlarms: { suspect: number; down: number; nodes: number };
  profile: ProfileSummary | null;
};

async function benchVigil(kind: "saturated" | "fixed"): Promise<VigilPhase> {
  const profileDir = mkdtempSync(join(tmpdir(), "vigil-bench-profile-"));
  const profiling = options.profile;
  const env: Record<string, string> = {};
  if (kind === "saturated") {
    env.VIGIL_AGENT_EVENTS_PER_SEC = UNLIMITED_RATE;
    env.VIGIL_AGENT_EVENT_BURST = UNLIMITED_RATE;
  }
  if (profiling) {
    // Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded hook profiles, and SIGUSR2 writes the profile.
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${join(REPO_ROOT, "bench/support/profiler-hook.mjs")}`.trim();
    env.VIGIL_BENCH_PROFILE_DIR = profileDir;
  }
  const server: VigilProcess = await startBuiltVigil({ env }).catch((error: unknown) => {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  });
  const eventLoop = watchEventLoopDelay(server);
  const profileWindow: ProfileWindow = { fromUs: 0, toUs: 0 };
  try {
    const pid = server.process.pid;
    if (pid === undefined) throw new Error("Vigil has no pid");
    const pattern = kind === "saturated" ? ({ kind: "saturate", window: plan.window } as const) : fixedPattern();
    const clientsPerGenerator = kind === "saturated" ? plan.clientsPerGenerator : fixedClientsPerGenerator();
    const run = await runLoad({
      url: server.url,
      token: AGENT_TOKEN,
      nodeIdPrefix: `${kind}-`,
      generators: plan.generators,
      clientsPerGenerator,
      pattern,
      warmupMs: plan.warmupMs,
      measureMs: (kind === "saturated" ? plan.saturatedSeconds : plan.fixedSeconds) * 1000,
      serverPid: pid,
      probe: () => countStoredHeartbeats(server),
      onWindow: (edge) => {
        if (edge === "open") {
          profileWindow.fromUs = monotonicMicros();
          eventLoop.start();
        } else {
          profileWindow.toUs = monotonicMicros();
          eventLoop.stop();
          if (profiling) process.kill(pid, "SIGUSR2");
        }
      },
    });
    // Everything acknowledged is committed: the table and the counter must agree.
    const storedRows = await countStoredHeartbeats(server);
    const samples = await scrapeMetrics(server);
    const ingestedCounter = samples.get("vigil_heartbeats_ingested_total") ?? Number.NaN;
    await sleep(500); // node events are written asynchronously after each verdict
    const changes = await countStateChanges(server, run.stoppedAt);
    const falseAlarms = { suspect: changes.byState.suspect ?? 0, down: changes.byState.down ?? 0, nodes: changes.nodes };
    const profileFile = profiling ? await awaitProfileIn(profileDir, 60_000) : null;
    await server.stop();
    return {
      run,
      storedRows,
      ingestedCounter,
      eventLoopP99Ms: eventLoop.worstGaugeMs(),
      slowestMetricsScrapeMs: eventLoop.slowestScrapeMs(),
      falseAlarms,
      profile: profileFile ? summarizeProfile(profileFile, profileWindow) : null,
    };
  } finally {
    eventLoop.stop();
    await server.stop();
    server.cleanup();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Other load on the machine shows up as run-queue wait: figures from a contended window are suspect. */
const waitNote = (run: LoadRunResult) => `${pct(run.serverWaitPercent)} of the window${run.serverWaitPercent > 15 ? " (machine busy: treat figures with care)" : ""}`;
const falseAlarmNote = (phase: VigilPhase) =>
  `${phase.falseAlarms.suspect} / ${phase.falseAlarms.down} verdicts, ${phase.falseAlarms.nodes} of ${phase.run.connected} nodes affected`;
/** Messages per second of server CPU: throughput normalised by the CPU the server actually got. */
const perCpuSecond = (perSec: number, run: LoadRunResult) => (run.serverCpuPercent > 0 ? (perSec * 100) / run.serverCpuPercent : Number.NaN);
const pct = (value: number) => `${Math.round(value)} %`;
const mib = (value: number) => `${Math.round(value)} MiB`;

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Vigil ingest bench: ${availableParallelism()} cores, loopback, ${database}${quick ? ", --quick" : ""}. ` +
      `CPU figures are % of one core (${availableParallelism() * 100} % = all cores).` +
      (options.profile ? " Vigil servers are CPU-profiled during their windows (slower: take throughput ratios from unprofiled runs)." : ""),
  );

  console.log(`\n[1/4] bare Socket.IO: ${plan.generators} generator processes × ${plan.clientsPerGenerator} clients, ${plan.window} in flight each, ${plan.bareSeconds} s…`);
  const bare = await benchBare("saturated");
  printTable("1. bare Socket.IO baseline (no validation, no storage)", [
    ["bare socket.io acked msgs/s", formatInteger(bare.ackedPerSec)],
    ["acked msgs per server CPU-second", formatInteger(perCpuSecond(bare.ackedPerSec, bare))],
    ["ack p50 / p99", `${formatMs(bare.latency.quantile(0.5))} / ${formatMs(bare.latency.quantile(0.99))}`],
    ["server CPU / peak RSS", `${pct(bare.serverCpuPercent)} / ${mib(bare.serverPeakRssMiB)}`],
    ["server main thread waiting for a core", waitNote(bare)],
    ["load generators CPU", pct(bare.generatorCpuPercent)],
    ["problems", healthNote(bare)],
  ]);

  console.log(
    `\n[2/4] Vigil saturated: same load, per-agent rate limit raised (VIGIL_AGENT_EVENTS_PER_SEC=${UNLIMITED_RATE}, ` +
      `VIGIL_AGENT_EVENT_BURST=${UNLIMITED_RATE}), ${plan.saturatedSeconds} s…`,
  );
  const saturated = await benchVigil("saturated");
  const storedPerSec = saturated.run.probedPerSec ?? Number.NaN;
  const ratio = storedPerSec / bare.ackedPerSec;
  const efficiency = perCpuSecond(storedPerSec, saturated.run) / perCpuSecond(bare.ackedPerSec, bare);
  printTable("2. Vigil saturated (persistence and detection on)", [
    ["vigil stored heartbeats/s", `${formatInteger(storedPerSec)} (${ratio.toFixed(2)} of bare; target ≥ 0.5: ${ratio >= 0.5 ? "PASS" : "FAIL"})`],
    ["vigil acked heartbeats/s", formatInteger(saturated.run.ackedPerSec)],
    [
      "stored heartbeats per server CPU-second",
      `${formatInteger(perCpuSecond(storedPerSec, saturated.run))} (${efficiency.toFixed(2)} of bare: the ratio least disturbed by other load on the machine)`,
    ],
    ["ack p50 / p99 / max", `${formatMs(saturated.run.latency.quantile(0.5))} / ${formatMs(saturated.run.latency.quantile(0.99))} / ${formatMs(saturated.run.latency.max)}`],
    ["server CPU / peak RSS", `${pct(saturated.run.serverCpuPercent)} / ${mib(saturated.run.serverPeakRssMiB)}`],
    ["server main thread waiting for a core", waitNote(saturated.run)],
    ["event-loop delay: worst 1 s p99 gauge / slowest GET /metrics", `${formatMs(saturated.eventLoopP99Ms)} / ${formatMs(saturated.slowestMetricsScrapeMs)}`],
    ["load generators CPU", pct(saturated.run.generatorCpuPercent)],
    ["false alarms under load (live nodes → suspect / down)", falseAlarmNote(saturated)],
    ["stored rows / ingested counter at end", `${saturated.storedRows} / ${saturated.ingestedCounter}${saturated.storedRows === saturated.ingestedCounter ? " (agree)" : " (DISAGREE)"}`],
    ["problems", healthNote(saturated.run)],
  ]);
  if (saturated.profile) printProfile("saturated", saturated.profile);

  const targetRate = plan.fixedConnections * plan.fixedRatePerConnection;
  console.log(
    `\n[3/4] bare Socket.IO at the fixed load: ${plan.fixedConnections} connections × ${plan.fixedRatePerConnection} msg/s, ${plan.fixedSeconds} s…`,
  );
  const bareFixed = await benchBare("fixed");
  const bareFixedP99 = bareFixed.latency.quantile(0.99);
  printTable(`3. bare Socket.IO at ${targetRate} msgs/s (${plan.fixedConnections} connections × ${plan.fixedRatePerConnection} msg/s): the transport's own figure at this fleet size`, [
    ["connections ready", `${bareFixed.connected} of ${plan.fixedConnections} in ${bareFixed.connectSeconds.toFixed(1)} s`],
    ["bare socket.io acked msgs/s", formatInteger(bareFixed.ackedPerSec)],
    ["ack p50 / p99 / max", `${formatMs(bareFixed.latency.quantile(0.5))} / ${formatMs(bareFixedP99)} / ${formatMs(bareFixed.latency.max)}`],
    ["server CPU / peak RSS", `${pct(bareFixed.serverCpuPercent)} / ${mib(bareFixed.serverPeakRssMiB)}`],
    ["server main thread waiting for a core", waitNote(bareFixed)],
    ["load generators CPU", pct(bareFixed.generatorCpuPercent)],
    ["problems", healthNote(bareFixed)],
  ]);

  console.log(
    `\n[4/4] Vigil at a fixed ${targetRate} heartbeats/s: ${plan.fixedConnections} connections (one per node id) × ${plan.fixedRatePerConnection} hb/s, ` +
      `default rate limits, ${plan.fixedSeconds} s…`,
  );
  const fixed = await benchVigil("fixed");
  const fixedP99 = fixed.run.latency.quantile(0.99);
  printTable(`4. Vigil at a fixed ${targetRate} heartbeats/s (${plan.fixedConnections} connections × ${plan.fixedRatePerConnection} hb/s)`, [
    ["connections ready", `${fixed.run.connected} of ${plan.fixedConnections} in ${fixed.run.connectSeconds.toFixed(1)} s (connect + hello)`],
    ["vigil stored heartbeats/s", formatInteger(fixed.run.probedPerSec ?? Number.NaN)],
    ["ack p50 / p99 / max", `${formatMs(fixed.run.latency.quantile(0.5))} / ${formatMs(fixedP99)} / ${formatMs(fixed.run.latency.max)} (p99 target < 500 ms: ${fixedP99 < 500 ? "PASS" : "FAIL"}; bare at this load: ${formatMs(bareFixedP99)})`],
    ["server CPU / peak RSS", `${pct(fixed.run.serverCpuPercent)} / ${mib(fixed.run.serverPeakRssMiB)}`],
    ["server main thread waiting for a core", waitNote(fixed.run)],
    ["event-loop delay: worst 1 s p99 gauge / slowest GET /metrics", `${formatMs(fixed.eventLoopP99Ms)} / ${formatMs(fixed.slowestMetricsScrapeMs)}`],
    ["load generators CPU", pct(fixed.run.generatorCpuPercent)],
    ["false alarms under load (live nodes → suspect / down)", falseAlarmNote(fixed)],
    ["problems", healthNote(fixed.run)],
  ]);
  if (fixed.profile) printProfile("fixed rate", fixed.profile);

  const results = {
    at: new Date().toISOString(),
    cores: availableParallelism(),
    database,
    quick,
    plan,
    bare: figuresOf(bare),
    bareFixed: figuresOf(bareFixed),
    saturated: { ...figuresOf(saturated.run), ratioToBare: ratio, perCpuSecondRatioToBare: efficiency, storedRows: saturated.storedRows, ingestedCounter: saturated.ingestedCounter, eventLoopP99Ms: saturated.eventLoopP99Ms, slowestMetricsScrapeMs: saturated.slowestMetricsScrapeMs, falseAlarms: saturated.falseAlarms, profile: saturated.profile },
    fixed: { ...figuresOf(fixed.run), targetPerSec: targetRate, storedRows: fixed.storedRows, eventLoopP99Ms: fixed.eventLoopP99Ms, slowestMetricsScrapeMs: fixed.slowestMetricsScrapeMs, falseAlarms: fixed.falseAlarms, profile: fixed.profile },
  };
  const resultsDir = join(REPO_ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, `ingest-${dateStamp()}${database === "sqlite" ? "" : `-${database}`}${quick ? "-quick" : ""}.json`);
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nfigures written to ${resultsFile.slice(REPO_ROOT.length + 1)} (total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

function printProfile(phase: string, profile: ProfileSummary): void {
  const area = profile.byArea.slice(0, 10).map((e): [string, string] => [`  ${e.name}`, `${e.percent.toFixed(1)} %`]);
  printTable(
    `${phase}: server main-thread CPU profile over the window (${(profile.totalMs / 1000).toFixed(1)} s sampled, ` +
      `${(profile.profilerOverheadMs / 1000).toFixed(1)} s of profiler start/stop left out), self time by area`,
    area,
  );
  const top = profile.topFunctions.map((e): [string, string] => [
    `  ${e.name}${e.where ? ` ${e.where}` : ""}`,
    `${e.percent.toFixed(1)} %${e.calledFrom ? `  (mostly from ${e.calledFrom})` : ""}`,
  ]);
  printTable(`${phase}: top self-time functions`, top);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
