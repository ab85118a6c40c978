import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { NO_END } from "../alerts/maintenance";
import { createMaintenance, endMaintenance, listMaintenance } from "./alerting";
import { applyMigrations } from "./migrate";
import { openDatabase, type Db } from "./prisma";

let dir: string;
let db: Db;
const HOUR = 60 * 60 * 1000;
const SAT_0200 = Date.parse("2026-12-05T02:00:00Z");

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-maintenance-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
});
after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

test("a recurring window is stored, listed, active only during an occurrence, and ends", async () => {
  const created = await createMaintenance(
    db,
    { target: { group: "kv-3" }, comment: "weekly patching", recurrence: { kind: "weekly", days: ["sat"], at: "01:00", durationMs: 3 * HOUR, timeZone: "UTC" } },
    "ops",
    Date.parse("2026-12-01T00:00:00Z"),
  );
  assert.equal(created.endsAt, NO_END, "no end given: recurs until ended");
  const oneOff = await createMaintenance(db, { target: { node: "n1" }, startsAt: SAT_0200 - HOUR, endsAt: SAT_0200 + 10 * HOUR, comment: "disk swap" }, "ops", SAT_0200 - HOUR);
  assert.deepEqual((await listMaintenance(db, SAT_0200)).find((w) => w.id === created.id)?.recurrence, created.recurrence);
  assert.deepEqual((await listMaintenance(db, SAT_0200, true)).map((w) => w.id).sort(), [created.id, oneOff.id].sort());
  assert.deepEqual((await listMaintenance(db, SAT_0200 + 5 * HOUR, true)).map((w) => w.id), [oneOff.id], "between occurrences the recurring window is not active");
  await endMaintenance(db, created.id, SAT_0200 + HOUR);
  assert.deepEqual((await listMaintenance(db, SAT_0200 + HOUR + 1, true)).map((w) => w.id), [oneOff.id]);
  await assert.rejects(createMaintenance(db, { target: { node: "n1" }, comment: "no end" }, "ops", SAT_0200), /needs endsAt/);
  await assert.rejects(
    createMaintenance(db, { target: { node: "n1" }, comment: "bad", recurrence: { kind: "cron", cron: "0 2 * * *", durationMs: HOUR, timeZone: "Nowhere/Else" } }, "ops", SAT_0200),
    /time zone/,
  );
});
