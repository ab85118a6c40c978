import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { LeaseHold } from "../store/lease";
import { startLeadership } from "./leadership";
import { applyMigrations } from "../store/migrate";
import { openDatabase, type Db } from "../store/prisma";

let dir: string;
let db: Db;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-leadership-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
});
after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const stallEventLoop = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

test("a lone instance keeps leading, under the same fence, through a stall three times its TTL", async () => {
  const changes: (LeaseHold | null)[] = [];
  const leadership = startLeadership({ db, instanceId: "lone", ttlMs: 1_000, alone: true, log: () => undefined });
  leadership.onChange((hold) => changes.push(hold));
  await until(() => changes.length === 1);
  const fence = changes[0]?.fence;
  stallEventLoop(3_000);
  // Several renewals after the stall.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(leadership.isLeader(), true);
  assert.deepEqual(changes.map((hold) => hold?.fence ?? null), [fence], "no step-down, no new fence");
  await leadership.stop();
});

test("an instance of a cluster steps down when a stall outlasts its lease's trust", async () => {
  const changes: (LeaseHold | null)[] = [];
  const leadership = startLeadership({ db, instanceId: "clustered", ttlMs: 1_000, alone: false, log: () => undefined });
  leadership.onChange((hold) => changes.push(hold));
  await until(() => changes.length === 1);
  stallEventLoop(1_500);
  await until(() => changes.length >= 2);
  assert.equal(changes[1], null, "it stopped leading before anyone else could take the lease");
  await leadership.stop();
});
