/**
 * Clustered ingest benchmark: sustained stored heartbeats/s on PostgreSQL with ONE Vigil instance
 * behind nginx, then TWO behind nginx (same generator settings), in one run, and where the time
 * goes in each: the database batch writes, the event loop, Redis, PostgreSQL, and the CPU of every
 * process sharing the machine, the load generators included.
 *
 *   npm run bench:ingest-cluster [-- --quick] [--duration S] [--warmup S] [--clients N] [--window N]
 *
 * Both setups take the cluster code path (REDIS_URL set, distinct VIGIL_INSTANCE_ID), each on a
 * fresh throwaway schema of the machine's PostgreSQL (VIGIL_TEST_POSTGRES_URL, default
 * postgresql://postgres@127.0.0.1:5432/test) and on its Redis (VIGIL_BENCH_REDIS_URL, default
 * redis://127.0.0.1:6379). The load generator is bench/ingest.ts's: Socket.IO agent connections
 * each keeping a window of heartbeats in flight and sending the next on each ack (saturation).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ClusterView } from "../lib/protocol/api/cluster";
import { startNginx, type NginxProcess } from "../tests/support/nginx-process";
import { TEST_POSTGRES_URL, startVigil, throwawayPostgresSchema } from "../tests/support/vigil-server";
import { positiveNumberOption } from "./support/bench-options";
import { REPO_ROOT } from "./support/child";
import {
  childPidNamed,
  cpuSecondsOfCommand,
  machineBusyShare,
  metricValue,
  openStatsReaders,
  sampleInstance,
  sampleMachine,
  type InstanceSample,
  type MachineSample,
  type PostgresSample,
  type RedisSample,
  type StatsReaders,
} from "./support/cluster-stats";
import { dateStamp, formatInteger, formatMs } from "./support/format";
import { healthNote } from "./support/load-health";
import { runLoad, type LoadRunResult } from "./support/load-run";
import { sampleCpu } from "./support/process-stats";
import { AGENT_TOKEN, api, countStoredHeartbeats, sleep, waitFor, type VigilProcess } from "./support/vigil";

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    warmup: { type: "string" },
    clients: { type: "string" },
    window: { type: "string" },
  },
  strict: true,
});

const quick = options.quick;
const plan = {
  measureSeconds: positiveNumberOption(options.duration, "duration", quick ? 6 : 20),
  warmupSeconds: positiveNumberOption(options.warmup, "warmup", quick ? 2 : 5),
  // bench/ingest.ts's saturated phase: 2 generator processes × 100 connections × 32 in flight.
  generators: 2,
  clientsPerGenerator: Math.round(positiveNumberOption(options.clients, "clients", 100)),
  window: Math.round(positiveNumberOption(options.window, "window", 32)),
};
const REDIS_URL = process.env.VIGIL_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const NEXT_DIST_DIR = ".next-main";
const UNLIMITED_RATE = "1000000";
/**
 * prom-client samples the loop with a 10 ms timer (eventLoopMonitoringPrecision) and records the
 * whole interval, so an idle loop reads 10 ms: the lateness is what exceeds it.
 */
const LOOP_SAMPLING_MS = 10;
const CORES = availableParallelism();

/** Everything read at one edge of the measured window. */
type Snapshot = {
  at: number;
  storedRows: number;
  instances: InstanceSample[];
  nginxCpuSeconds: number;
  benchCpu: NodeJS.CpuUsage;
  postgresCpuSeconds: number;
  redis: RedisSample;
  postgres: PostgresSample;
  machine: MachineSample;
};

type InstanceFigures = {
  id: string;
  storedPerSec: number;
  /** Seconds the batch writer spent awaiting writes per second of wall time: one writer per instance, so at most 1. */
  dbWriteShare: number;
  batchesPerSec: number;
  meanBatchRows: number;
  meanBatchMs: number;
  cpuSeconds: number;
  cpuSource: "process_cpu_seconds_total" | "/proc";
  /** Event-loop lateness over the window, p99 and max, from prom-client's monitor. */
  loopLagP99Ms: number;
  loopLagMaxMs: number;
};

type PhaseFigures = {
  setup: string;
  instances: number;
  windowSeconds: number;
  connected: number;
  storedPerSec: number;
  ackedPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  serverCpuSecondsPer1k: number;
  perInstance: InstanceFigures[];
  redis: { commandsPerSec: number; publishesPerSec: number; instantaneousOpsAtEnd: number; cpuCores: number; netInMiBPerSec: number; netOutMiBPerSec: number };
  postgres: { commitsPerSec: number; rollbacksPerSec: number; tuplesInsertedPerSec: number; rowsPerCommit: number; cpuCores: number };
  /** Cores used over the window by each party sharing the machine; `other` is what none of them explains. */
  cores: { servers: number; generators: number; bench: number; nginx: number; postgres: number; redis: number; machine: number; other: number };
  rowsAtEnd: number;
  ingestedCounterAtEnd: number;
  problems: string;
};

async function snapshot(servers: VigilProcess[], readers: StatsReaders, nginxPid: number | null, schemaServer: VigilProcess): Promise<Snapshot> {
  const at = performance.now();
  const machine = sampleMachine();
  const benchCpu = process.cpuUsage();
  const [instances, redis, postgres, storedRows] = await Promise.all([
    Promise.all(servers.map(sampleInstance)),
    readers.redis(),
    readers.postgres(),
    countStoredHeartbeats(schemaServer),
  ]);
  return {
    at,
    storedRows,
    instances,
    nginxCpuSeconds: nginxPid === null ? Number.NaN : sampleCpu(nginxPid).cpuSeconds,
    benchCpu,
    postgresCpuSeconds: cpuSecondsOfCommand("postgres"),
    redis,
    postgres,
    machine,
  };
}

function instanceFigures(id: string, before: InstanceSample, after: InstanceSample, wall: number): InstanceFigures {
  const delta = (name: string) => metricValue(after, name) - metricValue(before, name);
  const batches = delta("vigil_ingest_batch_write_seconds_count");
  const batchSeconds = delta("vigil_ingest_batch_write_seconds_sum");
  const stored = delta("vigil_heartbeats_ingested_total");
  const metricCpu = delta("process_cpu_seconds_total");
  const lag = (name: string) => Math.max(0, metricValue(after, name) * 1000 - LOOP_SAMPLING_MS);
  return {
    id,
    storedPerSec: stored / wall,
    dbWriteShare: batchSeconds / wall,
    batchesPerSec: batches / wall,
    meanBatchRows: batches > 0 ? stored / batches : Number.NaN,
    meanBatchMs: batches > 0 ? (1000 * batchSeconds) / batches : Number.NaN,
    cpuSeconds: Number.isFinite(metricCpu) ? metricCpu : after.procCpuSeconds - before.procCpuSeconds,
    cpuSource: Number.isFinite(metricCpu) ? "process_cpu_seconds_total" : "/proc",
    // The opening scrape reset prom-client's loop histogram, so the closing one covers just the window.
    loopLagP99Ms: lag("nodejs_eventloop_lag_p99_seconds"),
    loopLagMaxMs: lag("nodejs_eventloop_lag_max_seconds"),
  };
}

async function clusterReady(servers: VigilProcess[]): Promise<void> {
  await waitFor(
    `${servers.length} instance(s) registered with a leader`,
    async () => {
      const views = await Promise.all(servers.map((server) => api<ClusterView>(server, "/api/v1/cluster").then((r) => r.body, () => null)));
      return views.every((view) => view?.leader && view.instances.filter((each) => each.alive).length === servers.length);
    },
    30_000,
    250,
  );
}

async function runPhase(count: 1 | 2, readers: StatsReaders): Promise<PhaseFigures> {
  const setup = count === 1 ? "one instance" : "two instances";
  const database = throwawayPostgresSchema("vigil_bench");
  const servers: VigilProcess[] = [];
  let nginx: NginxProcess | null = null;
  const ids = ["bench-a", "bench-b"].slice(0, count).map((id) => `${id}-${process.pid}`);
  try {
    // One after the other: the first applies the migrations, the next finds them applied.
    for (const id of ids) {
      servers.push(
        await startVigil({
          database,
          env: {
            VIGIL_NEXT_DIST_DIR: NEXT_DIST_DIR,
            REDIS_URL,
            VIGIL_INSTANCE_ID: id,
            // Saturation measures the server, not the per-agent rate limit (as bench/ingest.ts's saturated phase).
            VIGIL_AGENT_EVENTS_PER_SEC: UNLIMITED_RATE,
            VIGIL_AGENT_EVENT_BURST: UNLIMITED_RATE,
          },
        }),
      );
    }
    nginx = await startNginx(servers.map((server) => server.port));
    const nginxPid = childPidNamed("nginx");
    await clusterReady(servers);

    let opened: Snapshot | null = null;
    let closing: Snapshot | null = null;
    const [first] = servers;
    const firstPid = first.process.pid;
    if (firstPid === undefined) throw new Error("Vigil has no pid");
    const run: LoadRunResult = await runLoad({
      url: nginx.url,
      token: AGENT_TOKEN,
      nodeIdPrefix: `c${count}-`,
      generators: plan.generators,
      clientsPerGenerator: plan.clientsPerGenerator,
      pattern: { kind: "saturate", window: plan.window },
      warmupMs: plan.warmupSeconds * 1000,
      measureMs: plan.measureSeconds * 1000,
      serverPid: firstPid,
      onWindow: async (edge) => {
        if (edge === "open") opened = await snapshot(servers, readers, nginxPid, first);
      },
      // Read while the load still runs: after `stop` the window would take in an idle tail.
      beforeStop: async () => {
        closing = await snapshot(servers, readers, nginxPid, first);
      },
    });
    const a = opened as Snapshot | null;
    const b = closing as Snapshot | null;
    if (!a || !b) throw new Error("window snapshots missing");

    // Everything acknowledged is committed: once drained, the table and the instances' counters must agree.
    await sleep(500);
    const rowsAtEnd = await countStoredHeartbeats(first);
    const ends = await Promise.all(servers.map(sampleInstance));
    const ingestedCounterAtEnd = ends.reduce((total, each) => total + metricValue(each, "vigil_heartbeats_ingested_total"), 0);

    const wall = (b.at - a.at) / 1000;
    const perInstance = servers.map((_, i) => instanceFigures(ids[i], a.instances[i], b.instances[i], wall));
    const stored = b.storedRows - a.storedRows;
    const serverCpu = perInstance.reduce((total, each) => total + each.cpuSeconds, 0);
    const redisCpu = b.redis.cpuSeconds - a.redis.cpuSeconds;
    const postgresCpu = b.postgresCpuSeconds - a.postgresCpuSeconds;
    const nginxCpu = b.nginxCpuSeconds - a.nginxCpuSeconds;
    const benchCpu = (b.benchCpu.user + b.benchCpu.system - a.benchCpu.user - a.benchCpu.system) / 1e6;
    // runLoad times its generator CPU over its own window, which is within a few ms of ours.
    const generatorCores = run.generatorCpuPercent / 100;
    const machineCores = machineBusyShare(a.machine, b.machine) * CORES;
    const known = serverCpu / wall + generatorCores + benchCpu / wall + nginxCpu / wall + postgresCpu / wall + redisCpu / wall;
    const per = (value: number) => value / wall;
    return {
      setup,
      instances: count,
      windowSeconds: wall,
      connected: run.connected,
      storedPerSec: stored / wall,
      ackedPerSec: run.ackedPerSec,
      ackP50Ms: run.latency.quantile(0.5),
      ackP99Ms: run.latency.quantile(0.99),
      ackMaxMs: run.latency.max,
      serverCpuSecondsPer1k: stored > 0 ? serverCpu / (stored / 1000) : Number.NaN,
      perInstance,
      redis: {
        commandsPerSec: per(b.redis.commands - a.redis.commands),
        publishesPerSec: per(b.redis.publishes - a.redis.publishes),
        instantaneousOpsAtEnd: b.redis.instantaneousOps,
        cpuCores: per(redisCpu),
        netInMiBPerSec: per(b.redis.netInBytes - a.redis.netInBytes) / 2 ** 20,
        netOutMiBPerSec: per(b.redis.netOutBytes - a.redis.netOutBytes) / 2 ** 20,
      },
      postgres: {
        commitsPerSec: per(b.postgres.commits - a.postgres.commits),
        rollbacksPerSec: per(b.postgres.rollbacks - a.postgres.rollbacks),
        tuplesInsertedPerSec: per(b.postgres.tuplesInserted - a.postgres.tuplesInserted),
        rowsPerCommit: (b.postgres.tuplesInserted - a.postgres.tuplesInserted) / Math.max(1, b.postgres.commits - a.postgres.commits),
        cpuCores: per(postgresCpu),
      },
      cores: {
        servers: per(serverCpu),
        generators: generatorCores,
        bench: per(benchCpu),
        nginx: per(nginxCpu),
        postgres: per(postgresCpu),
        redis: per(redisCpu),
        machine: machineCores,
        other: machineCores - known,
      },
      rowsAtEnd,
      ingestedCounterAtEnd,
      problems: healthNote(run),
    };
  } finally {
    await nginx?.stop();
    for (const server of servers) await server.stop();
    for (const server of servers) server.cleanup();
    database.drop();
  }
}

const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : "n/a");
const cores = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
const ratio = (two: number, one: number) => (Number.isFinite(two / one) ? `${(two / one).toFixed(2)}×` : "n/a");
const joinEach = <T>(items: T[], show: (item: T) => string) => items.map(show).join(" / ");

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

function printPhase(phase: PhaseFigures): void {
  console.log(`\n${phase.setup}: ${phase.connected} agents through nginx, window ${phase.windowSeconds.toFixed(1)} s`);
  for (const each of phase.perInstance) {
    console.log(
      `  ${each.id}: ${formatInteger(each.storedPerSec)} hb/s stored; DB batch writes ${pct(each.dbWriteShare)} of wall time ` +
        `(${each.batchesPerSec.toFixed(0)} batches/s, ${formatInteger(each.meanBatchRows)} rows, ${formatMs(each.meanBatchMs)} each); ` +
        `CPU ${cores(each.cpuSeconds / phase.windowSeconds)} cores (${each.cpuSource}); loop lag p99 ${formatMs(each.loopLagP99Ms)}, max ${formatMs(each.loopLagMaxMs)}`,
    );
  }
  const r = phase.redis;
  console.log(
    `  Redis (whole server): ${formatInteger(r.commandsPerSec)} cmds/s (${formatInteger(r.instantaneousOpsAtEnd)} ops/s instantaneous at close), ` +
      `${formatInteger(r.publishesPerSec)} PUBLISH/s, in ${r.netInMiBPerSec.toFixed(2)} / out ${r.netOutMiBPerSec.toFixed(2)} MiB/s, CPU ${cores(r.cpuCores)} cores`,
  );
  const p = phase.postgres;
  console.log(
    `  PostgreSQL (db test, all clients): ${formatInteger(p.commitsPerSec)} commits/s, ${formatInteger(p.tuplesInsertedPerSec)} rows inserted/s ` +
      `(${p.rowsPerCommit.toFixed(0)} per commit; heartbeats plus Vigil's other writes), ${formatInteger(p.rollbacksPerSec)} rollbacks/s; postgres processes CPU ${cores(p.cpuCores)} cores`,
  );
  const c = phase.cores;
  console.log(
    `  cores used (of ${CORES}): Vigil ${cores(c.servers)}, load generators ${cores(c.generators)}, bench parent ${cores(c.bench)}, nginx ${cores(c.nginx)}, ` +
      `postgres ${cores(c.postgres)}, redis ${cores(c.redis)}; machine busy ${cores(c.machine)}, not accounted to these (other load, kernel network work) ${cores(c.other)}`,
  );
  console.log(
    `  ack p50 / p99 / max ${formatMs(phase.ackP50Ms)} / ${formatMs(phase.ackP99Ms)} / ${formatMs(phase.ackMaxMs)}; ` +
      `acked ${formatInteger(phase.ackedPerSec)}/s; rows / ingested counters after drain ${phase.rowsAtEnd} / ${phase.ingestedCounterAtEnd}` +
      `${phase.rowsAtEnd === phase.ingestedCounterAtEnd ? " (agree)" : " (DISAGREE)"}; problems: ${phase.problems}`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(join(REPO_ROOT, NEXT_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`${NEXT_DIST_DIR}/BUILD_ID missing: run \`VIGIL_NEXT_DIST_DIR=${NEXT_DIST_DIR} DATABASE_URL=file:./data/dev.db npm run build\``);
  }
  const inFlight = plan.generators * plan.clientsPerGenerator * plan.window;
  console.log(
    `Vigil clustered ingest bench: PostgreSQL (${new URL(TEST_POSTGRES_URL).host}${new URL(TEST_POSTGRES_URL).pathname}), Redis ${new URL(REDIS_URL).host}, nginx, ` +
      `${CORES} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"})${quick ? ", --quick" : ""}.\n` +
      `Load: ${plan.generators} generator processes × ${plan.clientsPerGenerator} agents × ${plan.window} heartbeats in flight (${inFlight}), ` +
      `per-agent rate limit lifted; ${plan.warmupSeconds} s warm-up, ${plan.measureSeconds} s measured per setup.\n` +
      `NOTE: the load generators, nginx, every Vigil instance, PostgreSQL and Redis all share these ${CORES} cores. ` +
      `A second instance adds no hardware here; it can only win by using cores the first one left idle, and the generators' CPU comes off the same budget.`,
  );
  const readers = await openStatsReaders(REDIS_URL, TEST_POSTGRES_URL);
  const phases: PhaseFigures[] = [];
  try {
    for (const count of [1, 2] as const) {
      console.log(`\n[${count}/2] ${count === 1 ? "one instance" : "two instances"} behind nginx…`);
      const phase = await runPhase(count, readers);
      phases.push(phase);
      printPhase(phase);
    }
  } finally {
    await readers.close();
  }

  const [one, two] = phases;
  console.log("");
  printTable(
    ["setup", "stored hb/s", "ack p50 / p99", "server CPU-s per 1k hb", "DB write share", "loop lag p99", "Redis cmds/s", "cores used: Vigil / gen / pg / redis / nginx / machine"],
    [
      ...phases.map((phase) => [
        phase.setup,
        formatInteger(phase.storedPerSec),
        `${formatMs(phase.ackP50Ms)} / ${formatMs(phase.ackP99Ms)}`,
        phase.serverCpuSecondsPer1k.toFixed(3),
        joinEach(phase.perInstance, (each) => pct(each.dbWriteShare)),
        joinEach(phase.perInstance, (each) => formatMs(each.loopLagP99Ms)),
        formatInteger(phase.redis.commandsPerSec),
        [phase.cores.servers, phase.cores.generators, phase.cores.postgres, phase.cores.redis, phase.cores.nginx, phase.cores.machine].map(cores).join(" / "),
      ]),
      [
        "ratio two/one",
        ratio(two.storedPerSec, one.storedPerSec),
        `${ratio(two.ackP50Ms, one.ackP50Ms)} / ${ratio(two.ackP99Ms, one.ackP99Ms)}`,
        ratio(two.serverCpuSecondsPer1k, one.serverCpuSecondsPer1k),
        "",
        "",
        ratio(two.redis.commandsPerSec, one.redis.commandsPerSec),
        "",
      ],
    ],
  );
  const generatorShare = (phase: PhaseFigures) => pct(phase.cores.generators / CORES);
  console.log(
    `\nCPU contention, plainly: on this ${CORES}-core machine the load generators alone took ${cores(one.cores.generators)} and ${cores(two.cores.generators)} cores ` +
      `(${generatorShare(one)} and ${generatorShare(two)} of the machine) in the two setups, and the machine was ${pct(one.cores.machine / CORES)} and ${pct(two.cores.machine / CORES)} busy. ` +
      `The ratio two/one is therefore what a second instance buys when it competes with the generator, PostgreSQL and Redis for the same cores, ` +
      `not what it would buy on its own hardware. Redis and PostgreSQL counters are server-wide: any other client of them during a window is included` +
      `${Math.max(one.cores.other, two.cores.other) > 0.2 ? ` (unexplained CPU up to ${cores(Math.max(one.cores.other, two.cores.other))} cores: other load was running)` : ""}.`,
  );

  const resultsDir = join(REPO_ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, `ingest-cluster-${dateStamp()}${quick ? "-quick" : ""}.json`);
  const results = { at: new Date().toISOString(), cores: CORES, quick, plan, redisUrl: REDIS_URL, phases, ratioTwoToOne: two.storedPerSec / one.storedPerSec };
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nfigures written to ${resultsFile.slice(REPO_ROOT.length + 1)} (total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
