/**
 * Counters for "where the time goes" in a clustered ingest phase: each Vigil instance's /metrics,
 * the Redis server (INFO), the PostgreSQL database (pg_stat_database), and CPU from /proc for the
 * processes that share the machine. Each is read twice, at the edges of a window, and differenced.
 * Linux only (/proc).
 */
import { readdirSync, readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { cpuSecondsOf, sampleCpu } from "./process-stats";
import { scrapeMetrics, type VigilProcess } from "./vigil";

/** Redis INFO fields that matter here; the server is shared, so these count every client of it. */
export type RedisSample = { commands: number; publishes: number; cpuSeconds: number; netInBytes: number; netOutBytes: number; instantaneousOps: number };

/** pg_stat_database for the bench's database; shared with anything else using that database. */
export type PostgresSample = { commits: number; rollbacks: number; tuplesInserted: number };

/** Machine-wide jiffies from /proc/stat, to tell the load we started from everything else. */
export type MachineSample = { busyTicks: number; totalTicks: number };

export type StatsReaders = {
  redis: () => Promise<RedisSample>;
  postgres: () => Promise<PostgresSample>;
  close: () => Promise<void>;
};

function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** `calls=N` out of a commandstats line such as `calls=12,usec=34,...`; 0 when the command never ran. */
function commandCalls(fields: Map<string, string>, command: string): number {
  const match = /(?:^|,)calls=(\d+)/.exec(fields.get(`cmdstat_${command}`) ?? "");
  return match ? Number(match[1]) : 0;
}

/** One long-lived connection to each server: a fresh one per sample would itself show up in the counters. */
export async function openStatsReaders(redisUrl: string, postgresUrl: string): Promise<StatsReaders> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const url = new URL(postgresUrl);
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    async redis() {
      const fields = infoFields(await redis.info("all"));
      const number = (key: string) => Number(fields.get(key) ?? Number.NaN);
      return {
        commands: number("total_commands_processed"),
        // The adapter and the fleet bridge publish; sharded pub/sub counted too in case a later version uses it.
        publishes: commandCalls(fields, "publish") + commandCalls(fields, "spublish"),
        cpuSeconds: number("used_cpu_user") + number("used_cpu_sys"),
        netInBytes: number("total_net_input_bytes"),
        netOutBytes: number("total_net_output_bytes"),
        instantaneousOps: number("instantaneous_ops_per_sec"),
      };
    },
    async postgres() {
      // Without clearing, a transaction-local stats snapshot could be returned; backends report at most once a second anyway.
      await client.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await client.query<{ xact_commit: string; xact_rollback: string; tup_inserted: string }>(
        "SELECT xact_commit, xact_rollback, tup_inserted FROM pg_stat_database WHERE datname = current_database()",
      );
      const row = rows[0];
      return { commits: Number(row.xact_commit), rollbacks: Number(row.xact_rollback), tuplesInserted: Number(row.tup_inserted) };
    },
    async close() {
      redis.disconnect();
      await client.end();
    },
  };
}

export function sampleMachine(): MachineSample {
  const [cpuLine] = readFileSync("/proc/stat", "utf8").split("\n");
  const ticks = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user/nice]
  const total = ticks.slice(0, 8).reduce((sum, each) => sum + each, 0);
  const idle = ticks[3] + ticks[4];
  return { busyTicks: total - idle, totalTicks: total };
}

/** Share of all cores busy between two samples (1 = every core busy the whole time). */
export function machineBusyShare(before: MachineSample, after: MachineSample): number {
  const total = after.totalTicks - before.totalTicks;
  return total > 0 ? (after.busyTicks - before.busyTicks) / total : Number.NaN;
}

type ProcStat = { pid: number; comm: string; ppid: number };

function listProcesses(): ProcStat[] {
  const found: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      found.push({ pid: Number(entry), comm, ppid: Number(fields[1]) });
    } catch {
      // Gone while listing.
    }
  }
  return found;
}

/** CPU seconds of every process named `comm` (e.g. the PostgreSQL server and its backends, whoever started them). */
export function cpuSecondsOfCommand(comm: string): number {
  return listProcesses()
    .filter((each) => each.comm === comm)
    .reduce((total, each) => total + cpuSecondsOf(each.pid), 0);
}

/** Our own nginx master (startNginx does not expose its pid): the `nginx` child of this process. */
export function childPidNamed(comm: string): number | null {
  return listProcesses().find((each) => each.comm === comm && each.ppid === process.pid)?.pid ?? null;
}

/** One instance's /metrics plus its CPU from /proc, for when the exporter lacks process metrics. */
export type InstanceSample = { metrics: Map<string, number>; procCpuSeconds: number };

export async function sampleInstance(server: VigilProcess): Promise<InstanceSample> {
  const pid = server.process.pid;
  const metrics = await scrapeMetrics(server);
  return { metrics, procCpuSeconds: pid === undefined ? Number.NaN : sampleCpu(pid).cpuSeconds };
}

/** A metric by exact name, or (for the default process metrics, whose prefix is configurable) by name suffix. */
export function metricValue(sample: InstanceSample, name: string): number {
  const exact = sample.metrics.get(name);
  if (exact !== undefined) return exact;
  for (const [key, value] of sample.metrics) if (key.endsWith(name) && !key.includes("{")) return value;
  return Number.NaN;
}
