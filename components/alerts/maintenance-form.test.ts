import assert from "node:assert/strict";
import { test } from "node:test";
import { describeRecurrence, maintenanceRequest, type MaintenanceDraft } from "./maintenance-form";

const draft: MaintenanceDraft = { targetKind: "group", target: "kv-3", kind: "weekly", startsAt: "", endsAt: "", days: ["sun"], at: "04:00", cron: "", durationMinutes: "120", timeZone: "Europe/Berlin", comment: "patching" };
const NOW = Date.parse("2026-10-15T00:00:00Z");

test("a weekly draft becomes a request with its next occurrences", () => {
  const result = maintenanceRequest(draft, NOW);
  assert.ok("body" in result, JSON.stringify(result));
  assert.deepEqual(result.body.recurrence, { kind: "weekly", days: ["sun"], at: "04:00", durationMs: 2 * 3_600_000, timeZone: "Europe/Berlin" });
  assert.equal(result.body.endsAt, undefined, "no end: recurs until ended");
  assert.deepEqual(result.occurrences.map((o) => new Date(o.start).toISOString()), ["2026-10-18T02:00:00.000Z", "2026-10-25T03:00:00.000Z", "2026-11-01T03:00:00.000Z"]);
});

test("problems are said, not sent", () => {
  assert.match(JSON.stringify(maintenanceRequest({ ...draft, timeZone: "Mars/Base" }, NOW)), /time zone/);
  assert.match(JSON.stringify(maintenanceRequest({ ...draft, kind: "cron", cron: "nope" }, NOW)), /cron/);
  assert.match(JSON.stringify(maintenanceRequest({ ...draft, kind: "once" }, NOW)), /needs an end/);
  assert.match(JSON.stringify(maintenanceRequest({ ...draft, target: " " }, NOW)), /Name the group/);
  assert.match(JSON.stringify(maintenanceRequest({ ...draft, comment: "" }, NOW)), /comment/);
});

test("describes a recurrence in one line", () => {
  const result = maintenanceRequest({ ...draft, kind: "cron", cron: "0 22 * * 1-5", durationMinutes: "45", timeZone: "America/New_York" }, NOW);
  assert.ok("body" in result);
  assert.equal(describeRecurrence({ id: "x", target: { group: "kv-3" }, startsAt: NOW, endsAt: NOW + 1, comment: "", recurrence: result.body.recurrence }), 'cron "0 22 * * 1-5" (America/New_York) for 45 min');
});
