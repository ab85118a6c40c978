/**
 * Storage footprint: bytes per stored heartbeat, log line and rollup row in Vigil's SQLite file
 * (indexes included), measured by writing them through the real writer, and what that makes per
 * node per day and at steady state under the default retention. Sizes, not timings: the figures
 * of docs/operations.md's sizing table.
 *
 *   npm run bench:storage [-- --nodes 200 --minutes 10]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { positiveNumberOption } from "./support/bench-options";
import { formatInteger, printTable } from "./support/format";
import { applyMigrations } from "../lib/store/migrate";
import { TimeSeriesWriter, type HeartbeatRow, type LogRow } from "../lib/store/timeseries-writer";

const { values: options } = parseArgs({ options: { nodes: { type: "string" }, minutes: { type: "string" } }, strict: true });
const nodes = positiveNumberOption(options.nodes, "nodes", 200);
const minutes = positiveNumberOption(options.minutes, "minutes", 10);
/** The simulator's default and a realistic fleet's: a few lines per node per minute. */
const LOG_LINES_PER_NODE_PER_SEC = 0.1;
const DAY_S = 86_400;
const RETENTION = { rawDays: 1, rollup1mDays: 14, rollup1hDays: 365, logDays: 7 };

const dir = mkdtempSync(join(tmpdir(), "vigil-storage-"));
const file = join(dir, "vigil.db");
const url = `file:${file}`;

/** Pages in use after a checkpoint: the data and its indexes, not the WAL or free pages. */
function fileBytes(): number {
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const pages = db.pragma("page_count", { simple: true }) as number;
  const free = db.pragma("freelist_count", { simple: true }) as number;
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  db.close();
  return (pages - free) * pageSize;
}

async function main(): Promise<void> {
  await applyMigrations(url);
  const writer = new TimeSeriesWriter(url);
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  const seconds = minutes * 60;
  const empty = fileBytes();

  let logSeq = 0;
  for (let s = 0; s < seconds; s++) {
    const heartbeats: HeartbeatRow[] = [];
    const logs: LogRow[] = [];
    for (let n = 0; n < nodes; n++) {
      const ts = start + s * 1000 + n;
      heartbeats.push({
        nodeId: `node-${String(n).padStart(5, "0")}`, seq: s + 1, ts, receivedAt: ts + 3, cpu: 20 + ((s * 7 + n) % 60), mem: 40 + (n % 30), disk: 55.5,
        netIn: 1_000_000 + s * 13, netOut: 800_000 + s * 11, load1: 1.25, latencyMs: 2 + (n % 5), errorRate: 0, custom: null,
        repRole: n % 3 === 0 ? "primary" : "replica", repOffset: 5_000_000 + s * 1000, repLagMs: n % 3 === 0 ? 0 : 12, repLinkUp: 1, repFollowing: n % 3 === 0 ? null : `node-${String(n - (n % 3)).padStart(5, "0")}`,
      });
      if (((s * nodes + n) * LOG_LINES_PER_NODE_PER_SEC) % 1 < LOG_LINES_PER_NODE_PER_SEC) {
        logs.push({ nodeId: `node-${String(n).padStart(5, "0")}`, seq: ++logSeq, ts, receivedAt: ts + 3, level: "info", message: "replication: partial resync accepted, offset 5000123", fields: null });
      }
    }
    await writer.writeBatch(heartbeats, logs);
  }
  const afterRaw = fileBytes();
  await writer.rollup(start, start + seconds * 1000 + 120_000);
  const afterRollups = fileBytes();
  await writer.close();

  const db = new Database(file, { readonly: true });
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const heartbeatRows = count(`SELECT COUNT(*) AS n FROM "Heartbeat"`);
  const logRows = count(`SELECT COUNT(*) AS n FROM "LogEntry"`);
  const rollupRows = count(`SELECT COUNT(*) AS n FROM "MetricRollup"`);
  db.close();
  rmSync(dir, { recursive: true, force: true });

  // Heartbeats and logs share the first measurement, so a log line is counted at the mean row
  // size (log rows here are a little shorter than heartbeat rows: an upper bound for them).
  const rawBytesPerRow = (afterRaw - empty) / (heartbeatRows + logRows);
  const rollupBytesPerRow = (afterRollups - afterRaw) / rollupRows;
  const perNodePerDay = {
    heartbeats: DAY_S * rawBytesPerRow,
    logs: DAY_S * LOG_LINES_PER_NODE_PER_SEC * rawBytesPerRow,
    rollups: (1440 + 24) * rollupBytesPerRow,
  };
  const steady =
    perNodePerDay.heartbeats * RETENTION.rawDays +
    perNodePerDay.logs * RETENTION.logDays +
    1440 * rollupBytesPerRow * RETENTION.rollup1mDays +
    24 * rollupBytesPerRow * RETENTION.rollup1hDays;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  printTable(`SQLite storage per node (${nodes} nodes × ${minutes} min written through the real writer, 1 heartbeat/s, ${LOG_LINES_PER_NODE_PER_SEC} log lines/s)`, [
    ["rows written", `${formatInteger(heartbeatRows)} heartbeats, ${formatInteger(logRows)} log lines, ${formatInteger(rollupRows)} rollups`],
    ["bytes per heartbeat or log row (indexes included)", rawBytesPerRow.toFixed(0)],
    ["bytes per rollup row (indexes included)", rollupBytesPerRow.toFixed(0)],
    ["growth per node per day: heartbeats / logs / rollups", `${mib(perNodePerDay.heartbeats)} / ${mib(perNodePerDay.logs)} / ${mib(perNodePerDay.rollups)}`],
    ["steady state per node (raw 24 h, logs 7 d, 1-min rollups 14 d, 1-h rollups 365 d)", mib(steady)],
    ["steady state for 1,000 / 10,000 nodes", `${(steady * 1000 / 1024 ** 3).toFixed(1)} GiB / ${(steady * 10_000 / 1024 ** 3).toFixed(1)} GiB`],
  ]);
}

void main();
