import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { MetricPoint } from "../protocol/views";
import { rollupPoints } from "../timeseries/rollup";
import { applyMigrations } from "./migrate";
import { TimeSeriesWriter, type HeartbeatRow } from "./timeseries-writer";

let dir: string;
let writer: TimeSeriesWriter;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const base = Math.floor(1_790_000_000_000 / HOUR) * HOUR;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-ts-"));
  const url = `file:${join(dir, "ts.db")}`;
  await applyMigrations(url);
  writer = new TimeSeriesWriter(url);
});
after(async () => {
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

function row(nodeId: string, seq: number, ts: number, cpu: number): HeartbeatRow {
  return {
    nodeId, seq, ts, receivedAt: ts, cpu, mem: 0.5, disk: 0.2, netIn: 100 * seq, netOut: 50, load1: 1,
    latencyMs: seq % 2 ? 3 : null, errorRate: null, custom: null, repRole: null, repOffset: null, repLagMs: null, repLinkUp: null, repFollowing: null,
  };
}

test("a batch is stored once: resent rows are ignored", async () => {
  const rows = [row("a", 1, base, 0.1), row("a", 2, base + 1000, 0.2)];
  assert.deepEqual(await writer.writeBatch(rows, []), { heartbeatsInserted: 2, logsInserted: 0 });
  assert.deepEqual(await writer.writeBatch(rows, []), { heartbeatsInserted: 0, logsInserted: 0 });
  assert.deepEqual(await writer.lastSeqs("a"), { heartbeat: 2, log: 0 });
});

test("SQL rollups agree with the pure rollup over the same samples, for minutes and hours", async () => {
  const rows: HeartbeatRow[] = [];
  for (let i = 0; i < 3 * 60 * 6; i++) rows.push(row("b", i + 1, base + 2 * HOUR + i * 10_000, ((i * 37) % 100) / 100));
  await writer.writeBatch(rows, []);
  await writer.rollup(base + 2 * HOUR, base + 2 * HOUR + 3 * HOUR);
  const points: MetricPoint[] = rows.map((r) => ({ ts: r.ts, cpu: r.cpu, mem: r.mem, disk: r.disk, netIn: r.netIn, netOut: r.netOut, load1: r.load1, latencyMs: r.latencyMs, errorRate: r.errorRate }));
  const expectedMinutes = rollupPoints(points, MINUTE);
  const expectedHours = rollupPoints(points, HOUR);
  const { PrismaClient } = await import("../generated/prisma/client");
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: join(dir, "ts.db") }) });
  try {
    const minutes = await db.metricRollup.findMany({ where: { nodeId: "b", resolution: MINUTE }, orderBy: { bucket: "asc" } });
    const hours = await db.metricRollup.findMany({ where: { nodeId: "b", resolution: HOUR }, orderBy: { bucket: "asc" } });
    assert.equal(minutes.length, expectedMinutes.length);
    assert.equal(hours.length, 3);
    minutes.forEach((m, i) => {
      assert.equal(Number(m.bucket), expectedMinutes[i].ts);
      assert.ok(Math.abs(m.cpuAvg - (expectedMinutes[i].cpu ?? 0)) < 1e-9);
      assert.equal(m.cpuMax, expectedMinutes[i].max?.cpu);
      assert.ok(Math.abs((m.latencyMsAvg ?? 0) - (expectedMinutes[i].latencyMs ?? 0)) < 1e-9);
    });
    hours.forEach((h, i) => {
      assert.equal(h.count, 360);
      assert.ok(Math.abs(h.cpuAvg - (expectedHours[i].cpu ?? 0)) < 1e-9, `hour ${i}`);
      assert.equal(h.cpuMin, expectedHours[i].min?.cpu);
      assert.ok(Math.abs(h.netInAvg - (expectedHours[i].netIn ?? 0)) < 1e-6);
    });
    // Running again (a late replay) recomputes instead of double counting.
    await writer.rollup(base + 2 * HOUR, base + 5 * HOUR);
    const again = await db.metricRollup.findMany({ where: { nodeId: "b", resolution: HOUR }, orderBy: { bucket: "asc" } });
    assert.deepEqual(again.map((h) => h.count), [360, 360, 360]);
  } finally {
    await db.$disconnect();
  }
});

test("retention deletes exactly what is older than each cutoff", async () => {
  await writer.writeBatch(
    [row("c", 1, base - 2 * HOUR, 0.1), row("c", 2, base + 10 * HOUR, 0.1)],
    [
      { nodeId: "c", seq: 1, ts: base - HOUR, receivedAt: base, level: "info", message: "old", fields: null },
      { nodeId: "c", seq: 2, ts: base + 10 * HOUR, receivedAt: base, level: "info", message: "new", fields: null },
    ],
  );
  const deleted = await writer.enforceRetention({ raw: base, rollup1m: base + 3 * HOUR, rollup1h: base, logs: base, events: base, groupingRuns: base });
  assert.equal(deleted.heartbeats, 1);
  assert.equal(deleted.logs, 1);
  // Node a's one minute was rolled up too: written since the previous rollup, it widened the next one.
  assert.equal(deleted.rollups1m, 61, "the first hour of minute rollups of node b, and node a's minute");
  assert.equal(deleted.rollups1h, 0);
  assert.deepEqual(await writer.lastSeqs("c"), { heartbeat: 2, log: 2 });
});
