/**
 * The Prisma side of lib/store on PostgreSQL: migrations, the client over the 7.x pg adapter,
 * raw SQL (overview, metrics) and representative store functions, in a throwaway schema.
 * Skipped when no PostgreSQL answers, failed instead with CI=true; on CI one runs on 127.0.0.1:5432.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { PlannedAction } from "../recovery";
import { emptyPlannerState } from "../recovery";
import { skipUnlessPresent } from "../../tests/support/requirements";
import { TEST_POSTGRES_URL, throwawayPostgresSchema, type ThrowawaySchema } from "../../tests/support/vigil-server";
import { recentNodeEvents } from "./events";
import { acknowledgeIncident, getIncident, listIncidents, syncIncidents } from "./incidents";
import { acquireOrRenewLease, LEADER_LEASE } from "./lease";
import { searchLogs } from "./logs";
import { fleetLoad, nodeMetrics } from "./metrics";
import { applyMigrations } from "./migrate";
import { getNode, listNodes, loadStoredNodes } from "./nodes";
import { prismaOutbox } from "./outbox";
import { fleetOverview } from "./overview";
import { engineOf, openDatabase, type Db } from "./prisma";
import { closeFinishedPlans, finishAction, knownActions, recordPlanningRound } from "./recovery";

const MINUTE = 60_000;
const NOW = Math.floor(1_790_000_000_000 / MINUTE) * MINUTE;

async function postgresReachable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (error) {
    return skipUnlessPresent(`no PostgreSQL at ${TEST_POSTGRES_URL}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const skip = await postgresReachable();

describe("lib/store on PostgreSQL", { skip }, () => {
  let database: ThrowawaySchema;
  let db: Db;

  before(async () => {
    database = throwawayPostgresSchema("vigil_store");
    await applyMigrations(database.url);
    db = await openDatabase(database.url);
  });
  after(async () => {
    await db?.$disconnect();
    database?.drop();
  });

  function node(id: string, extra: Record<string, unknown> = {}) {
    return {
      id, hostname: `${id}.example`, zone: "z1", group: "g1", role: "replica", state: "healthy", stateSince: BigInt(NOW),
      firstSeenAt: BigInt(NOW), lastHeartbeatAt: BigInt(NOW), connected: true, cpu: 0.5, ...extra,
    };
  }

  test("the client runs in the URL's schema: BigInt, raw SQL, transactions", async () => {
    assert.equal(engineOf(db), "postgresql");
    const [where] = await db.$queryRawUnsafe<{ schema: string }[]>("SELECT current_schema() AS schema");
    assert.equal(where.schema, database.schema);
    // Beyond 2^53: a BigInt column keeps every digit.
    await db.node.create({ data: node("Web-1", { lastSeq: 9_007_199_254_740_993n }) });
    const stored = await db.node.findUniqueOrThrow({ where: { id: "Web-1" } });
    assert.equal(stored.lastSeq, 9_007_199_254_740_993n);
    assert.equal(stored.connected, true);
    const [count] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "Node" WHERE "stateSince" = $1`, BigInt(NOW));
    assert.equal(Number(count.n), 1);
    await assert.rejects(
      db.$transaction(async (tx) => {
        await tx.node.create({ data: node("rolled-back") });
        throw new Error("abort");
      }),
      /abort/,
    );
    assert.equal(await db.node.count({ where: { id: "rolled-back" } }), 0);
    const tables = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'Node'`);
    assert.equal(Number(tables[0].n), 0, "nothing is written to public");
  });

  test("nodes: list (search ignores case, as on SQLite), get, load all; node events", async () => {
    await db.node.createMany({ data: [node("web-2"), node("db-1", { zone: "z2", state: "down", connected: false })] });
    await db.nodeEvent.createMany({
      data: [
        { nodeId: "db-1", at: BigInt(NOW - 2_000), from: "healthy", to: "suspect", reason: "phi", phi: 9 },
        { nodeId: "db-1", at: BigInt(NOW - 1_000), from: "suspect", to: "down", reason: "phi", phi: 12 },
      ],
    });
    const found = await listNodes(db, { q: "WEB", limit: 10 });
    assert.deepEqual(found.items.map((n) => n.id).sort(), ["Web-1", "web-2"]);
    assert.equal(found.total, 2);
    const page = await listNodes(db, { limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.nextCursor);
    const rest = await listNodes(db, { limit: 2, cursor: page.nextCursor });
    assert.equal(page.items.length + rest.items.length, 3);
    const { node: one, events } = await getNode(db, "db-1");
    assert.equal(one.state, "down");
    assert.deepEqual(events.map((e) => e.to), ["down", "suspect"]);
    assert.equal((await loadStoredNodes(db)).length, 3);
    assert.deepEqual((await recentNodeEvents(db, 1)).map((e) => e.to), ["down"]);
  });

  test("incidents: open, update, acknowledge, resolve", async () => {
    const first = await syncIncidents(db, "replication", [{ key: "g1", kind: "no-primary", severity: "critical", subject: "g1", message: "no primary", detail: { n: 1 } }], NOW);
    assert.equal(first.opened.length, 1);
    const id = first.opened[0].id;
    await syncIncidents(db, "replication", [{ key: "g1", kind: "no-primary", severity: "critical", subject: "g1", message: "still no primary" }], NOW + 1);
    assert.equal((await acknowledgeIncident(db, id, "ops", NOW + 2)).status, "acknowledged");
    const gone = await syncIncidents(db, "replication", [], NOW + 3);
    assert.equal(gone.resolved.length, 1);
    const { incident, timeline } = await getIncident(db, id);
    assert.equal(incident.status, "resolved");
    assert.deepEqual(timeline.map((e) => e.kind), ["opened", "updated", "acknowledged", "resolved"]);
    assert.equal((await listIncidents(db, { status: "resolved", limit: 10 })).items.length, 1);
  });

  test("recovery: a planning round, its action finishing, the plan closing", async () => {
    const lease = await acquireOrRenewLease(db, LEADER_LEASE, "test-instance", NOW, 60_000);
    assert.ok(lease);
    const action: PlannedAction = {
      id: "act-1", planId: "plan-1", kind: "restart", groupId: "g1", target: "db-1", epoch: 1, step: "restart 1", args: {},
      reason: "down", state: "running", dryRun: false, awaitingApproval: false, timeoutMs: 15_000,
    };
    const toRun = await recordPlanningRound(db, { actions: [action], cancellations: [], state: emptyPlannerState(), lease }, NOW);
    assert.deepEqual(toRun.map((a) => a.id), ["act-1"]);
    // The same round again (a restarted server re-planning) neither doubles the action nor the plan.
    await recordPlanningRound(db, { actions: [action], cancellations: [], state: emptyPlannerState(), lease }, NOW + 1);
    assert.equal(await db.recoveryAction.count(), 1);
    assert.equal((await knownActions(db, NOW + 2)).actions.length, 1);
    await finishAction(db, "act-1", "succeeded", "restarted", NOW + 3);
    await closeFinishedPlans(db, NOW + 4, new Set());
    const plan = await db.recoveryPlan.findUniqueOrThrow({ where: { id: "plan-1" } });
    assert.equal(plan.state, "completed");
    assert.equal(plan.activeGroup, null);
    assert.equal(plan.fence, lease.fence);
  });

  test("outbox: only the head of an alert group is claimed, under the lease", async () => {
    const lease = await acquireOrRenewLease(db, LEADER_LEASE, "test-instance", NOW, 60_000);
    assert.ok(lease);
    await db.receiver.create({ data: { id: "r1", name: "chat", url: "http://127.0.0.1:9/hook", format: "vigil", secrets: "[]", routing: "{}" } });
    await db.delivery.createMany({
      data: [1, 2].map((seq) => ({
        webhookId: `wh-${seq}`, receiverId: "r1", groupKey: "g", seq, status: "pending", body: "{}", nextAttemptAt: BigInt(NOW - 10), createdAt: BigInt(NOW - 10),
      })),
    });
    const outbox = prismaOutbox(db, () => lease);
    const claimed = await outbox.claimDue({ now: NOW, limit: 10, perReceiverConcurrency: 4, leaseMs: 30_000 });
    assert.deepEqual(claimed.map((c) => c.delivery.webhookId), ["wh-1"]);
    assert.deepEqual(await outbox.claimDue({ now: NOW + 1, limit: 10, perReceiverConcurrency: 4, leaseMs: 30_000 }), []);
    await outbox.markDelivered("wh-1", NOW + 2, 1);
    const next = await outbox.claimDue({ now: NOW + 3, limit: 10, perReceiverConcurrency: 4, leaseMs: 30_000 });
    assert.deepEqual(next.map((c) => c.delivery.webhookId), ["wh-2"]);
  });

  test("overview and metrics: raw SQL rates, fleet load, rollups completed by raw samples", async () => {
    const heartbeats = [];
    for (let i = 0; i < 30; i++) {
      for (const nodeId of ["Web-1", "web-2"]) {
        const ts = NOW - 29 * 10_000 + i * 10_000;
        heartbeats.push({
          nodeId, seq: BigInt(i + 1), ts: BigInt(ts), receivedAt: BigInt(ts), cpu: nodeId === "Web-1" ? 0.2 : 0.4, mem: 0.5, disk: 0.1, netIn: 1, netOut: 2, load1: 1,
          repLinkUp: i % 2 === 0,
        });
      }
    }
    await db.heartbeat.createMany({ data: heartbeats });
    await db.logEntry.createMany({
      data: [
        { nodeId: "Web-1", seq: 1n, ts: BigInt(NOW - 1_000), receivedAt: BigInt(NOW), level: "error", message: "Disk FULL on /var" },
        { nodeId: "web-2", seq: 1n, ts: BigInt(NOW - 2_000), receivedAt: BigInt(NOW), level: "info", message: "all good" },
      ],
    });
    const rollup = (bucket: number, cpu: number) => ({
      nodeId: "Web-1", resolution: MINUTE, bucket: BigInt(bucket), count: 6,
      cpuMin: cpu, cpuAvg: cpu, cpuMax: cpu, memMin: 0.5, memAvg: 0.5, memMax: 0.5, diskMin: 0.1, diskAvg: 0.1, diskMax: 0.1,
      netInMin: 1, netInAvg: 1, netInMax: 1, netOutMin: 2, netOutAvg: 2, netOutMax: 2, load1Min: 1, load1Avg: 1, load1Max: 1,
    });
    await db.metricRollup.createMany({ data: [rollup(NOW - 30 * MINUTE, 0.3), rollup(NOW - 29 * MINUTE, 0.5)] });

    const overview = await fleetOverview(db, NOW);
    assert.equal(overview.stats.total, 3);
    assert.equal(overview.stats.counts.down, 1);
    assert.equal(overview.stats.heartbeatsPerSec, 0.4, "2 nodes x 2 samples in the last 10 s");
    assert.equal(overview.stats.logsPerSec, 0.2);
    assert.deepEqual(overview.zones.map((z) => z.zone), ["z1", "z2"]);

    const load = await fleetLoad(db, NOW);
    assert.equal(load[0].ts, NOW - 30 * MINUTE);
    assert.equal(load[0].cpu, 0.3);
    const raw = load.filter((p) => p.ts >= NOW - 5 * MINUTE);
    assert.ok(raw.length >= 5, "the minutes not rolled up come from raw samples, bucketed by integer division");
    for (const point of raw) {
      assert.equal(point.ts % MINUTE, 0);
      assert.equal(point.nodes, 2);
      assert.ok(Math.abs(point.cpu - 0.3) < 1e-9);
    }

    const recent = await nodeMetrics(db, "Web-1", { range: "15m" }, NOW);
    assert.equal(recent.resolution, "raw");
    assert.equal(recent.points.length, 30);
    const hourly = await nodeMetrics(db, "Web-1", { from: NOW - 24 * 3_600_000, to: NOW }, NOW);
    assert.notEqual(hourly.resolution, "raw");
    assert.ok(hourly.points.length >= 2);

    const logs = await searchLogs(db, { q: "disk full", limit: 10 }, NOW);
    assert.deepEqual(logs.items.map((l) => l.message), ["Disk FULL on /var"]);
  });
});
