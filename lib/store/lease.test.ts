import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { emptyPlannerState } from "../recovery";
import { acquireOrRenewLease, assertLeaseHeld, LEADER_LEASE, releaseLease, resumeLease, seizeLease } from "./lease";
import { applyMigrations } from "./migrate";
import { openDatabase, type Db } from "./prisma";
import { recordPlanningRound } from "./recovery";

let dir: string;
let db: Db;
const T0 = 1_800_000_000_000;
const TTL = 10_000;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-lease-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
});
after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

test("one holder at a time: renewals keep the fence, a takeover after expiry bumps it, release frees it at once", async () => {
  const a = await acquireOrRenewLease(db, LEADER_LEASE, "a", T0, TTL);
  assert.equal(a?.holder, "a");
  assert.equal(await acquireOrRenewLease(db, LEADER_LEASE, "b", T0 + 1_000, TTL), null, "b waits while a's lease runs");
  const renewed = await acquireOrRenewLease(db, LEADER_LEASE, "a", T0 + 2_000, TTL);
  assert.equal(renewed?.fence, a?.fence, "a renewal keeps the fence");
  assert.equal(await acquireOrRenewLease(db, LEADER_LEASE, "b", T0 + 11_000, TTL), null, "the renewal moved the expiry");
  const b = await acquireOrRenewLease(db, LEADER_LEASE, "b", T0 + 12_001, TTL);
  assert.equal(b?.holder, "b");
  assert.equal(b?.fence, (a?.fence ?? 0) + 1, "a takeover bumps the fence");
  assert.equal(await acquireOrRenewLease(db, LEADER_LEASE, "a", T0 + 12_500, TTL), null, "the old holder cannot renew");
  if (b) await releaseLease(db, b);
  const c = await acquireOrRenewLease(db, LEADER_LEASE, "c", T0 + 13_000, TTL);
  assert.equal(c?.holder, "c", "a released lease is free before its expiry");
  const alone = await seizeLease(db, LEADER_LEASE, "solo", T0 + 13_500, TTL);
  assert.equal(alone.fence, (c?.fence ?? 0) + 1);
});

test("a deposed leader's planning round is refused whole: nothing it proposed is stored", async () => {
  const old = await seizeLease(db, LEADER_LEASE, "old", T0 + 20_000, TTL);
  const current = await acquireOrRenewLease(db, LEADER_LEASE, "new", T0 + 31_000, TTL);
  assert.ok(current && current.fence === old.fence + 1);
  await db.$transaction((tx) => assertLeaseHeld(tx, current, T0 + 31_500));
  await assert.rejects(db.$transaction((tx) => assertLeaseHeld(tx, old, T0 + 31_500)), /no longer holds the leader lease/);
  const action = {
    id: "restart-stale", planId: "plan-stale", kind: "restart" as const, groupId: "g1", target: "n1", epoch: 1, step: "restart 1", args: {},
    reason: "from a leader that paused", state: "running" as const, dryRun: false, awaitingApproval: false, timeoutMs: 1000,
  };
  await assert.rejects(recordPlanningRound(db, { actions: [action], cancellations: [], state: emptyPlannerState(), lease: old }, T0 + 31_500), /no longer holds/);
  assert.equal(await db.recoveryAction.count({ where: { id: "restart-stale" } }), 0);
  assert.equal(await db.recoveryPlan.count({ where: { id: "plan-stale" } }), 0);
});

test("a lapsed lease nobody took resumes under the same fence; a taken one does not", async () => {
  const a = await seizeLease(db, LEADER_LEASE, "a", T0 + 100_000, TTL);
  const resumed = await resumeLease(db, a, T0 + 100_000 + 3 * TTL, TTL);
  assert.equal(resumed?.fence, a.fence, "expired but untouched: same fence");
  assert.equal(resumed?.expiresAt, T0 + 100_000 + 4 * TTL);
  const b = await acquireOrRenewLease(db, LEADER_LEASE, "b", T0 + 100_000 + 5 * TTL, TTL);
  assert.equal(b?.fence, a.fence + 1);
  assert.equal(await resumeLease(db, a, T0 + 100_000 + 5 * TTL, TTL), null, "taken meanwhile: no resume");
});
