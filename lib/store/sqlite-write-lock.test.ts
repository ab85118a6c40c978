import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { applyMigrations } from "./migrate";
import { openDatabase, type Db } from "./prisma";
import { TimeSeriesWriter } from "./timeseries-writer";

let dir: string;
let db: Db;
let writer: TimeSeriesWriter;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-lock-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
  writer = new TimeSeriesWriter(url);
});
after(async () => {
  await writer.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** An interactive transaction that writes, then waits for `leave` before it commits or rolls back. */
function heldTransaction(key: string, outcome: "commit" | "rollback") {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let leave!: () => void;
  const gate = new Promise<void>((resolve) => (leave = resolve));
  const done = db.$transaction(
    async (tx) => {
      await tx.jobState.create({ data: { key, value: "from the transaction" } });
      entered();
      await gate;
      if (outcome === "rollback") throw new Error("rolled back on purpose");
    },
    { timeout: 30_000 },
  );
  return { inside, leave, done };
}

test("a plain write issued while another transaction is open survives that transaction's rollback", { timeout: 60_000 }, async () => {
  const held = heldTransaction("lock.rolled-back", "rollback");
  await held.inside;
  const plain = db.jobState.create({ data: { key: "lock.plain", value: "acknowledged" } });
  // Give the plain write its chance to run while the transaction is still open (on the shared
  // connection it used to run inside it, and resolve).
  await Promise.race([plain, delay(300)]);
  held.leave();
  await assert.rejects(held.done, /rolled back on purpose/);
  await plain;
  assert.equal((await db.jobState.findUnique({ where: { key: "lock.plain" } }))?.value, "acknowledged");
  assert.equal(await db.jobState.findUnique({ where: { key: "lock.rolled-back" } }), null);
});

test("a time-series write waits for an open Prisma transaction without blocking the event loop, then completes", { timeout: 60_000 }, async () => {
  const held = heldTransaction("lock.committed", "commit");
  await held.inside;
  let ticks = 0;
  let threeTicks!: () => void;
  const ticked = new Promise<void>((resolve) => (threeTicks = resolve));
  const timer = setInterval(() => {
    ticks += 1;
    if (ticks === 3) threeTicks();
  }, 20);
  try {
    let settled = false;
    const row = {
      nodeId: "lock-node", seq: 1, ts: 1_800_000_000_000, receivedAt: 1_800_000_000_000, cpu: 0.5, mem: 0.5, disk: 0.5, netIn: 1, netOut: 1, load1: 1,
      latencyMs: null, errorRate: null, custom: null, repRole: null, repOffset: null, repLagMs: null, repLinkUp: null, repFollowing: null,
    };
    const write = writer.writeBatch([row], []).finally(() => (settled = true));
    // The timer keeps ticking while the write waits: the event loop is free (before the fix the
    // writer's connection sat in SQLite's busy wait, freezing everything until it gave up).
    await ticked;
    assert.equal(settled, false, "the write waits for the transaction instead of failing or running inside it");
    held.leave();
    await held.done;
    assert.deepEqual(await write, { heartbeatsInserted: 1, logsInserted: 0 });
    assert.deepEqual(await writer.lastSeqs("lock-node"), { heartbeat: 1, log: 0 });
    assert.equal((await db.jobState.findUnique({ where: { key: "lock.committed" } }))?.value, "from the transaction");
  } finally {
    clearInterval(timer);
  }
});
