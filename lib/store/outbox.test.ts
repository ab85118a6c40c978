/** The Prisma outbox on SQLite: claims (order per group, per-receiver bound) and completions. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { acquireOrRenewLease, LEADER_LEASE, type LeaseHold } from "./lease";
import { applyMigrations } from "./migrate";
import { prismaOutbox } from "./outbox";
import { openDatabase, type Db } from "./prisma";

let dir: string;
let db: Db;
let lease: LeaseHold;
const NOW = Date.now();
const claim = (outbox: ReturnType<typeof prismaOutbox>, now: number, perReceiverConcurrency = 4) => outbox.claimDue({ now, limit: 64, perReceiverConcurrency, leaseMs: 30_000 });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-outbox-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
  const hold = await acquireOrRenewLease(db, LEADER_LEASE, "test-instance", NOW, 600_000);
  assert.ok(hold);
  lease = hold;
});

after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await db.deliveryAttempt.deleteMany();
  await db.delivery.deleteMany();
  await db.receiver.deleteMany();
  for (const id of ["r1", "r2"]) await db.receiver.create({ data: { id, name: id, url: "http://127.0.0.1:9/hook", format: "vigil", secrets: "[]", routing: "{}" } });
});

async function pending(receiverId: string, groups: number, perGroup: number): Promise<void> {
  const data = [];
  for (let g = 0; g < groups; g++) {
    for (let seq = 1; seq <= perGroup; seq++) {
      data.push({ webhookId: `${receiverId}-${g}-${seq}`, receiverId, groupKey: `g${g}`, seq, status: "pending", body: `{"n":${seq}}`, nextAttemptAt: BigInt(NOW - 10), createdAt: BigInt(NOW - 10) });
    }
  }
  await db.delivery.createMany({ data });
}

test("a claim takes each group's head only, at most the per-receiver bound, and leaves receivers at their bound out", async () => {
  await pending("r1", 6, 2);
  await pending("r2", 1, 3);
  const outbox = prismaOutbox(db, () => lease);
  const first = await claim(outbox, NOW, 4);
  const byReceiver = (claimed: typeof first, receiverId: string) => claimed.filter((c) => c.receiver.id === receiverId).map((c) => c.delivery.webhookId).sort();
  assert.equal(byReceiver(first, "r1").length, 4);
  assert.ok(byReceiver(first, "r1").every((id) => id.endsWith("-1")), "only seq 1 of each group");
  assert.deepEqual(byReceiver(first, "r2"), ["r2-0-1"]);
  assert.equal(first[0].delivery.body.startsWith('{"n":'), true, "the body comes with the claim");
  // r1 is at its bound and r2's next is behind its claimed head: nothing more until something completes.
  assert.deepEqual(await claim(outbox, NOW + 1, 4), []);
});

test("completions write attempts and statuses and release the claims", async () => {
  await pending("r1", 20, 1);
  const outbox = prismaOutbox(db, () => lease);
  const claimed = await claim(outbox, NOW, 20);
  assert.equal(claimed.length, 20);
  const at = NOW + 5;
  await Promise.all(
    // As the dispatcher writes them: the attempt, then the outcome.
    claimed.map(async ({ delivery }, i) => {
      await outbox.recordAttempt({ webhookId: delivery.webhookId, at, status: i % 2 ? 500 : 200, latencyMs: 3, responseBody: "ok", error: i % 2 ? "HTTP 500" : null });
      if (i % 2) await outbox.scheduleRetry(delivery.webhookId, { at: at + 1_000, attempts: 1, clientErrors: 0, lastError: "HTTP 500: try again" });
      else await outbox.markDelivered(delivery.webhookId, at, 1);
    }),
  );
  assert.equal(await db.deliveryAttempt.count(), 20);
  const rows = await db.delivery.findMany({ orderBy: { groupKey: "asc" } });
  const delivered = rows.filter((r) => r.status === "delivered");
  const retried = rows.filter((r) => r.status === "pending");
  assert.equal(delivered.length, 10);
  assert.equal(retried.length, 10);
  assert.ok(rows.every((r) => r.leaseUntil === null), "every claim released");
  assert.ok(delivered.every((r) => r.lastStatus === 200 && r.deliveredAt === BigInt(at)));
  // The outcome is written after the attempt: its lastError wins.
  assert.ok(retried.every((r) => r.lastStatus === 500 && r.lastError === "HTTP 500: try again" && r.nextAttemptAt === BigInt(at + 1_000)));
});

test("a deposed leader claims nothing", async () => {
  await pending("r1", 1, 1);
  const outbox = prismaOutbox(db, () => null);
  assert.deepEqual(await claim(outbox, NOW), []);
});
