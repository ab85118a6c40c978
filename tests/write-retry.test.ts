import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, postgresConnection, sqlitePath } from "../lib/store/database-url";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { scrapeMetric } from "./support/metrics";
import { readStored } from "./support/stored-rows";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/*
 * A node state change the database refuses is retried until it is stored, not dropped.
 *
 * SQLite: the test holds the file's write lock (BEGIN EXCLUSIVE on its own connection) longer
 * than the server's busy timeout, so the server's insert fails with SQLITE_BUSY.
 * PostgreSQL: the test locks "NodeEvent" (ACCESS EXCLUSIVE, in a transaction) and terminates the
 * server's connection waiting on it, as a PostgreSQL restart would; a lock alone would only make
 * the insert wait, never fail.
 */

let server: VigilProcess;
let doomed: RawAgent;

type Refusal = { hold: () => Promise<void>; refuse: () => Promise<void>; release: () => Promise<void> };

function sqliteRefusal(databaseUrl: string): Refusal {
  const db = new Database(sqlitePath(databaseUrl), { timeout: 30_000 });
  return {
    hold: async () => {
      db.exec("BEGIN EXCLUSIVE");
    },
    // The server's own busy timeout (10 s) turns the wait into SQLITE_BUSY by itself. Every other
    // write of the server (lease, jobs) queues on the same in-process lock and times out first,
    // so the refusal of the node write can take a minute to come.
    refuse: async () => undefined,
    release: async () => {
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

function postgresRefusal(databaseUrl: string): Refusal {
  const { connectionString, schema } = postgresConnection(databaseUrl);
  const locker = new pg.Client({ connectionString });
  const killer = new pg.Client({ connectionString });
  return {
    hold: async () => {
      await locker.connect();
      await killer.connect();
      await locker.query("BEGIN");
      await locker.query(`LOCK TABLE "${schema}"."NodeEvent" IN ACCESS EXCLUSIVE MODE`);
    },
    refuse: async () => {
      // The server's insert queues behind the lock; ending its connection refuses the write.
      const waiting = await waitFor("the server's insert waiting on the lock", async () => {
        const { rows } = await killer.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO%NodeEvent%' AND pid <> pg_backend_pid()`,
        );
        return rows.length > 0 ? rows : null;
      }, 20_000, 100);
      for (const { pid } of waiting) await killer.query("SELECT pg_terminate_backend($1)", [pid]);
    },
    release: async () => {
      await locker.query("ROLLBACK");
      await locker.end();
      await killer.end();
    },
  };
}

/**
 * From the node list (the live fleet): a node's detail reads its events, which the PostgreSQL lock
 * blocks. While SQLite is locked, Prisma's synchronous busy waits can hold the server's event loop
 * for seconds, so a request that fails then is simply asked again.
 */
const nodeState = async (id: string) =>
  api<{ items: { id: string; state: string }[] }>(server, "/api/v1/nodes").then((answer) => answer.body.items.find((node) => node.id === id)?.state, () => undefined);
const queuedWrites = () => scrapeMetric(server, "vigil_node_writes_queued").catch(() => null);

before(async () => {
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  doomed = await connectRawAgent(server.url, "wr-doomed", { zone: "zone-a" }, 300);
  doomed.beat(() => undefined);
  await waitFor("the node healthy", async () => (await nodeState("wr-doomed")) === "healthy", 20_000, 200);
});
after(async () => {
  doomed.stop();
  await server.stop();
  server.cleanup();
});

test("a node going down while the database refuses writes: its events are stored once the database is back", async () => {
  const refusal = databaseKind(server.databaseUrl) === "sqlite" ? sqliteRefusal(server.databaseUrl) : postgresRefusal(server.databaseUrl);
  await waitFor("the node healthy", async () => (await nodeState("wr-doomed")) === "healthy", 20_000, 200);
  await refusal.hold();
  const since = Date.now();
  let releasedAt = Number.POSITIVE_INFINITY;
  try {
    doomed.stop();
    // The live view (the API reads the fleet, not rows) sees the verdict at once. On SQLite the
    // server's event loop stalls in Prisma's busy waits, and a stalling Vigil defers "down" (it
    // distrusts itself) to after the lock: the transition judged under the lock is then "suspect".
    await waitFor("wr-doomed judged gone", async () => ["suspect", "down"].includes((await nodeState("wr-doomed")) ?? ""), 60_000, 200);
    await refusal.refuse();
    await waitFor("the server says the database refused the write", async () => server.output().includes("[node-writes] the database refused"), 120_000, 200);
    await waitFor("the state changes waiting in the retry queue", async () => ((await queuedWrites()) ?? 0) > 0, 60_000, 200);
  } finally {
    releasedAt = Date.now();
    await refusal.release();
  }
  // A stalled loop distrusts its verdicts for as long as it stalled (plus the grace) once it runs
  // again, and under SQLite the loop can stall for the whole time the lock was held: "down" may
  // only be judged that long after the release.
  const heldMs = releasedAt - since;
  const rows = await waitFor("the down transition stored", async () => {
    const found = await readStored<{ from: string; to: string; at: number }>(server.databaseUrl, `SELECT "from", "to", "at" FROM "NodeEvent" WHERE "nodeId" = ? AND "at" >= ? ORDER BY "id"`, ["wr-doomed", since]);
    return found.some((row) => row.to === "down") ? found : null;
  }, 120_000 + heldMs, 250);
  const transitions = rows.map((row) => `${row.from}->${row.to}@${row.at < releasedAt ? "locked" : "after"}`);
  // What was judged while every write was refused is stored: re-queued, not dropped.
  assert.equal(rows[0].from, "healthy", transitions.join(", "));
  assert.ok(rows[0].at < releasedAt, `the first transition was judged under the lock: ${transitions.join(", ")}`);
  assert.equal(rows.filter((row) => row.to === "down").length, 1, `stored once, not once per attempt: ${transitions.join(", ")}`);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i].at >= rows[i - 1].at, "in the order they happened");
  await waitFor("the node row stored as down", async () => (await readStored<{ state: string }>(server.databaseUrl, `SELECT "state" FROM "Node" WHERE "id" = ?`, ["wr-doomed"]))[0]?.state === "down", 30_000, 250);
  await waitFor("the retry queue drained", async () => (await queuedWrites()) === 0, 60_000, 250);
  assert.equal(await scrapeMetric(server, "vigil_node_events_dropped_total"), 0);
  assert.match(server.output(), /\[node-writes\] stored \d+ state change\(s\) and \d+ node row\(s\) after \d+ failed attempt/);
});
