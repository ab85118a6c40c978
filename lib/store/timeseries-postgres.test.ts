import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { skipUnlessPresent } from "../../tests/support/requirements";
import { applyMigrations } from "./migrate";
import { PostgresTimeSeriesStore } from "./timeseries-postgres";
import type { NewNodeEvent } from "./events";
import type { HeartbeatRow, LogRow, NodeSnapshotRow } from "./timeseries-store";
import { TimeSeriesWriter } from "./timeseries-writer";

/** Same default as the end-to-end suite; without a reachable server these tests are skipped (failed with CI=true). */
const BASE_URL = process.env.VIGIL_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";
const MINUTE = 60_000;
const HOUR = 3_600_000;
const base = Math.floor(1_790_000_000_000 / HOUR) * HOUR;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: BASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const skip = (await postgresReachable()) ? false : skipUnlessPresent(`no PostgreSQL at ${BASE_URL}`);
const schema = `vigil_ts_${process.pid}_${randomBytes(4).toString("hex")}`;
let admin: pg.Client;
let store: PostgresTimeSeriesStore;
let dir: string;
let sqlite: TimeSeriesWriter;
let sqliteUrl: string;

before(async () => {
  if (skip) return;
  const url = new URL(BASE_URL);
  url.searchParams.set("schema", schema);
  await applyMigrations(url.toString());
  admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  // Small pool: the tests must also pass when every statement waits for one connection.
  store = await PostgresTimeSeriesStore.open(url.toString(), { poolSize: 2 });
  dir = mkdtempSync(join(tmpdir(), "vigil-ts-pg-"));
  sqliteUrl = `file:${join(dir, "ts.db")}`;
  await applyMigrations(sqliteUrl);
  sqlite = new TimeSeriesWriter(sqliteUrl);
});

after(async () => {
  if (skip) return;
  await store?.close();
  await sqlite?.close();
  await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function row(nodeId: string, seq: number, ts: number, cpu: number): HeartbeatRow {
  return {
    nodeId, seq, ts, receivedAt: ts, cpu, mem: 0.5, disk: 0.2, netIn: 100 * seq, netOut: 50, load1: 1,
    latencyMs: seq % 2 ? 3 : null, errorRate: seq % 3 ? null : seq / 1000, custom: null, repRole: null, repOffset: null, repLagMs: null,
    repLinkUp: null, repFollowing: null,
  };
}

function log(nodeId: string, seq: number, ts: number, message: string): LogRow {
  return { nodeId, seq, ts, receivedAt: ts, level: "info", message, fields: null };
}

const q = (table: string) => `"${schema}"."${table}"`;

test("a batch is stored once: resent rows are ignored and counted as such", { skip }, async () => {
  const rows = [row("a", 1, base, 0.1), row("a", 2, base + 1000, 0.2)];
  const logs = [log("a", 1, base, "it's \"quoted\", {braced}, back\\slashed"), log("a", 2, base, "two")];
  assert.deepEqual(await store.writeBatch(rows, logs), { heartbeatsInserted: 2, logsInserted: 2 });
  assert.deepEqual(await store.writeBatch(rows, logs), { heartbeatsInserted: 0, logsInserted: 0 });
  // A resend mixed with new rows (and a duplicate inside the batch) counts only the new ones.
  assert.deepEqual(await store.writeBatch([...rows, row("a", 3, base + 2000, 0.3), row("a", 3, base + 2000, 0.3)], [log("a", 3, base, "x")]), {
    heartbeatsInserted: 1,
    logsInserted: 1,
  });
  assert.deepEqual(await store.writeBatch([], [log("a", 4, base, "logs only")]), { heartbeatsInserted: 0, logsInserted: 1 });
  assert.deepEqual(await store.writeBatch([], []), { heartbeatsInserted: 0, logsInserted: 0 });
  assert.deepEqual(await store.lastSeqs("a"), { heartbeat: 3, log: 4 });
  assert.deepEqual(await store.lastSeqs("nobody"), { heartbeat: 0, log: 0 });
  const stored = await admin.query(`SELECT "message" FROM ${q("LogEntry")} WHERE "nodeId" = 'a' AND "seq" = 1`);
  assert.equal(stored.rows[0].message, "it's \"quoted\", {braced}, back\\slashed");
});

test("seqs beyond 32 bits resume exactly", { skip }, async () => {
  const big = 2 ** 40 + 7;
  await store.writeBatch([row("big", big, base, 0.5)], [log("big", big + 1, base, "late")]);
  assert.deepEqual(await store.lastSeqs("big"), { heartbeat: big, log: big + 1 });
});

test("node info, snapshots with flags, events and grouping round-trip", { skip }, async () => {
  const info = { id: "n1", hostname: "h1", address: null, zone: "z", labels: "{}", weight: 1, group: "g", role: null, agentVersion: "1.0" };
  await store.upsertNodeInfo(info, base);
  await store.upsertNodeInfo({ ...info, hostname: "h1-renamed" }, base + 5);
  await store.upsertNodeInfo({ ...info, id: "n2" }, base);
  const snapshot = (id: string, connected: number): NodeSnapshotRow => ({
    id, state: "up", stateReason: null, stateSince: base + 10, phi: 0.5, connected, lastHeartbeatAt: base + 11, lastSeq: 12, lastLogSeq: 13,
    cpu: 0.1, mem: null, disk: null, netIn: null, netOut: null, load1: null, latencyMs: null, errorRate: null, custom: null,
    repRole: "primary", repOffset: 2 ** 33, repLagMs: 0, repLinkUp: connected, repFollowing: null, placementEpoch: 4,
  });
  await store.writeBatch([], [], [snapshot("n2", 0), snapshot("n1", 1)]);
  const nodes = await admin.query(`SELECT * FROM ${q("Node")} ORDER BY "id"`);
  assert.equal(nodes.rows[0].hostname, "h1-renamed");
  assert.equal(nodes.rows[0].firstSeenAt, String(base), "an upsert keeps the first sighting");
  assert.equal(nodes.rows[0].connected, true);
  assert.equal(nodes.rows[1].connected, false);
  assert.equal(nodes.rows[1].repLinkUp, false);
  assert.equal(nodes.rows[0].repOffset, String(2 ** 33));
  assert.equal(nodes.rows[0].placementEpoch, 4);

  assert.deepEqual(await store.insertNodeEvents([]), []);
  const states = ["healthy", "suspect", "down"] as const;
  const events: NewNodeEvent[] = Array.from({ length: 50 }, (_, i) => ({
    nodeId: `n${(i % 2) + 1}`, at: base + i, from: states[i % 3], to: states[(i + 1) % 3], reason: `r${i}`, phi: i % 2 ? null : i,
  }));
  const stored = await store.insertNodeEvents(events);
  const rows = await admin.query<{ id: number; reason: string }>(`SELECT "id", "reason" FROM ${q("NodeEvent")}`);
  const byId = new Map(rows.rows.map((r) => [r.id, r.reason]));
  stored.forEach((event, i) => assert.equal(byId.get(event.id), events[i].reason, "each returned id is that event's row"));
  assert.equal(new Set(stored.map((e) => e.id)).size, 50);

  const run = { at: base, k: 2, silhouette: null, inertia: 1.5, nodes: 2, settings: "{}", groups: "[]", state: "{}" };
  const first = await store.saveGrouping(run, [
    { nodeId: "n1", groupId: 0, distance: 0.1, outlier: 0, outlierMetrics: null, features: "{}" },
    { nodeId: "n2", groupId: 1, distance: 0.2, outlier: 1, outlierMetrics: "[\"cpu\"]", features: "{}" },
  ], [{ at: base, nodeId: "n2", kind: "outlier", fromGroup: null, toGroup: 1, detail: null }]);
  const second = await store.saveGrouping({ ...run, at: base + 1 }, [{ nodeId: "n1", groupId: 1, distance: 0.3, outlier: 0, outlierMetrics: null, features: "{}" }], []);
  assert.ok(second > first);
  const groups = await admin.query(`SELECT "nodeId", "runId", "groupId", "outlier" FROM ${q("NodeGroup")}`);
  assert.deepEqual(groups.rows, [{ nodeId: "n1", runId: second, groupId: 1, outlier: false }], "nodes missing from the latest run are dropped");
  const groupingEvents = await admin.query(`SELECT "runId", "toGroup" FROM ${q("GroupingEvent")}`);
  assert.deepEqual(groupingEvents.rows, [{ runId: first, toGroup: 1 }]);
});

test("a failed batch stores nothing of it", { skip }, async () => {
  const bad = { ...row("f", 2, base, 0.1), cpu: null as unknown as number };
  await assert.rejects(store.writeBatch([row("f", 1, base, 0.1), bad], [log("f", 1, base, "x")]));
  assert.deepEqual(await store.lastSeqs("f"), { heartbeat: 0, log: 0 });
});

type RollupRow = Record<string, number | string | null>;

test("rollups equal SQLite's for the same samples, and a rerun recomputes", { skip }, async () => {
  const rows: HeartbeatRow[] = [];
  for (let i = 0; i < 3 * 60 * 6; i++) rows.push(row("b", i + 1, base + 2 * HOUR + i * 10_000, ((i * 37) % 100) / 100));
  // A second node with a partial hour, so the weighting across minutes of different sizes is exercised.
  for (let i = 0; i < 500; i++) rows.push(row("b2", i + 1, base + 3 * HOUR + 30 * MINUTE + i * 7_000, ((i * 13) % 50) / 50));
  await store.writeBatch(rows, []);
  await sqlite.writeBatch(rows, []);
  const range: [number, number] = [base + 2 * HOUR, base + 5 * HOUR];
  const pgCounts = await store.rollup(...range);
  assert.deepEqual(pgCounts, await sqlite.rollup(...range));

  const sqliteDb = new (await import("better-sqlite3")).default(join(dir, "ts.db"), { readonly: true });
  try {
    const order = `ORDER BY "nodeId", "resolution", "bucket"`;
    const expected = sqliteDb.prepare(`SELECT * FROM "MetricRollup" WHERE "nodeId" IN ('b', 'b2') ${order}`).all() as RollupRow[];
    const actual = (await admin.query(`SELECT * FROM ${q("MetricRollup")} WHERE "nodeId" IN ('b', 'b2') ${order}`)).rows as RollupRow[];
    assert.equal(actual.length, expected.length);
    assert.equal(actual.filter((r) => r.resolution === HOUR).length, 3 + 2);
    actual.forEach((got, i) => {
      for (const [column, want] of Object.entries(expected[i])) {
        const value = got[column];
        if (want === null || typeof want === "string") assert.equal(value, want, `${column} of row ${i}`);
        else assert.ok(Math.abs(Number(value) - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${column} of row ${i}: ${value} vs ${want}`);
      }
    });
  } finally {
    sqliteDb.close();
  }

  assert.deepEqual(await store.rollup(...range), pgCounts);
  const again = await admin.query(`SELECT "count" FROM ${q("MetricRollup")} WHERE "nodeId" = 'b' AND "resolution" = ${HOUR} ORDER BY "bucket"`);
  assert.deepEqual(again.rows.map((h) => h.count), [360, 360, 360]);
});

test("retention deletes exactly what is older than each cutoff, in chunks", { skip }, async () => {
  await store.writeBatch(
    [row("c", 1, base - 2 * HOUR, 0.1), row("c", 2, base + 10 * HOUR, 0.1)],
    [log("c", 1, base - HOUR, "old"), log("c", 2, base + 10 * HOUR, "new")],
  );
  // More old rows than one delete chunk holds.
  const old: HeartbeatRow[] = [];
  for (let i = 0; i < 25_000; i++) old.push(row("old", i + 1, base - HOUR - i, 0.2));
  await store.writeBatch(old, []);
  const deleted = await store.enforceRetention({ raw: base, rollup1m: base + 3 * HOUR, rollup1h: base, logs: base, events: base, groupingRuns: base });
  assert.equal(deleted.heartbeats, 1 + 25_000);
  assert.equal(deleted.logs, 1);
  assert.equal(deleted.rollups1m, 60, "the first hour of minute rollups of node b");
  assert.equal(deleted.rollups1h, 0);
  assert.equal(deleted.events, 0);
  assert.deepEqual(await store.lastSeqs("c"), { heartbeat: 2, log: 2 });
  assert.deepEqual(await store.lastSeqs("old"), { heartbeat: 0, log: 0 });
});
