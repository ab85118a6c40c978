import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { testAlert } from "./fixtures";
import { maintenanceActive, maintenanceMuting, maintenanceWindowActive, maintenanceWindowSchema, nextOccurrences, NO_END, recurrenceSchema, type MaintenanceWindow } from "./maintenance";

const HOUR = 60 * 60 * 1000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function recurring(recurrence: unknown, startsAt = at("2026-01-01T00:00:00Z"), endsAt = NO_END): MaintenanceWindow {
  return maintenanceWindowSchema.parse({ id: "w1", target: { group: "kv-3" }, startsAt, endsAt, comment: "patching", recurrence });
}

describe("recurring maintenance", () => {
  test("weekly keeps its wall-clock time across DST in Europe/Berlin", () => {
    const w = recurring({ kind: "weekly", days: ["sun"], at: "04:00", durationMs: 2 * HOUR, timeZone: "Europe/Berlin" });
    assert.deepEqual(
      nextOccurrences(w, at("2026-10-15T00:00:00Z"), 3).map((o) => iso(o.start)),
      ["2026-10-18T02:00:00.000Z", "2026-10-25T03:00:00.000Z", "2026-11-01T03:00:00.000Z"],
      "04:00 CEST, then 04:00 CET after the clocks go back",
    );
    assert.equal(maintenanceWindowActive(w, at("2026-10-25T02:30:00Z")), false, "03:30 local: not yet");
    assert.equal(maintenanceWindowActive(w, at("2026-10-25T03:00:00Z")), true, "starts at 04:00 local");
    assert.equal(maintenanceWindowActive(w, at("2026-10-25T04:59:59Z")), true);
    assert.equal(maintenanceWindowActive(w, at("2026-10-25T05:00:00Z")), false, "two hours later it is over");
    // Spring forward: 02:30 does not exist on 29 March; the occurrence starts when the clock reads 03:30.
    const gap = recurring({ kind: "weekly", days: ["sun"], at: "02:30", durationMs: HOUR, timeZone: "Europe/Berlin" });
    assert.deepEqual(nextOccurrences(gap, at("2026-03-28T00:00:00Z"), 2).map((o) => iso(o.start)), ["2026-03-29T01:30:00.000Z", "2026-04-05T00:30:00.000Z"]);
    // Fall back: 02:30 happens twice on 25 October; the window runs once, at the first (CEST) one.
    const twice = ["2026-10-25T00:30:00.000Z", "2026-11-01T01:30:00.000Z"];
    assert.deepEqual(nextOccurrences(gap, at("2026-10-24T00:00:00Z"), 2).map((o) => iso(o.start)), twice, "weekly: no doubled occurrence");
    const cron = recurring({ kind: "cron", cron: "30 2 * * 0", durationMs: HOUR, timeZone: "Europe/Berlin" });
    assert.deepEqual(nextOccurrences(cron, at("2026-10-24T00:00:00Z"), 2).map((o) => iso(o.start)), twice, "cron agrees with weekly");
    assert.deepEqual(nextOccurrences(cron, at("2026-03-28T00:00:00Z"), 1).map((o) => iso(o.start)), ["2026-03-29T01:30:00.000Z"], "and in the gap");
  });

  test("weekly on several days lists the occurrence under way first", () => {
    const w = recurring({ kind: "weekly", days: ["mon", "wed", "fri"], at: "23:30", durationMs: HOUR, timeZone: "UTC" });
    const now = at("2026-12-02T23:45:00Z"); // a Wednesday
    assert.deepEqual(nextOccurrences(w, now, 3).map((o) => iso(o.start)), ["2026-12-02T23:30:00.000Z", "2026-12-04T23:30:00.000Z", "2026-12-07T23:30:00.000Z"]);
    assert.equal(maintenanceWindowActive(w, at("2026-12-03T00:15:00Z")), true, "an occurrence may run past midnight");
  });

  test("cron in America/New_York follows the zone's DST", () => {
    const w = recurring({ kind: "cron", cron: "0 22 * * 1-5", durationMs: HOUR, timeZone: "America/New_York" });
    assert.deepEqual(nextOccurrences(w, at("2026-10-30T12:00:00Z"), 2).map((o) => iso(o.start)), ["2026-10-31T02:00:00.000Z", "2026-11-03T03:00:00.000Z"], "22:00 EDT, then 22:00 EST");
    assert.equal(maintenanceWindowActive(w, at("2026-11-03T03:30:00Z")), true);
    assert.equal(maintenanceWindowActive(w, at("2026-11-03T04:00:00Z")), false);
    assert.equal(maintenanceWindowActive(w, at("2026-11-01T02:30:00Z")), false, "no occurrence on Saturday night");
  });

  test("startsAt and endsAt bound the occurrences", () => {
    const recurrence = { kind: "cron", cron: "0 2 * * *", durationMs: 2 * HOUR, timeZone: "UTC" };
    const w = recurring(recurrence, at("2026-06-10T02:30:00Z"), at("2026-06-12T03:00:00Z"));
    assert.equal(maintenanceWindowActive(w, at("2026-06-10T03:00:00Z")), false, "that occurrence started before the window was valid");
    assert.equal(maintenanceWindowActive(w, at("2026-06-11T03:00:00Z")), true);
    assert.equal(maintenanceWindowActive(w, at("2026-06-12T02:30:00Z")), true);
    assert.equal(maintenanceWindowActive(w, at("2026-06-12T03:00:00Z")), false, "ended (also how ending a window by hand works)");
    assert.deepEqual(nextOccurrences(w, at("2026-06-01T00:00:00Z"), 5).map((o) => iso(o.start)), ["2026-06-11T02:00:00.000Z", "2026-06-12T02:00:00.000Z"]);
    const oneOff = maintenanceWindowSchema.parse({ id: "w2", target: { node: "n1" }, startsAt: at("2026-06-10T00:00:00Z"), endsAt: at("2026-06-10T01:00:00Z"), comment: "" });
    assert.equal(oneOff.recurrence ?? null, null, "one-off windows parse as before");
    assert.deepEqual(nextOccurrences(oneOff, at("2026-06-09T00:00:00Z"), 3), [{ start: oneOff.startsAt, end: oneOff.endsAt }]);
  });

  test("mutes alerts and pauses recovery only during an occurrence", () => {
    const windows = [recurring({ kind: "weekly", days: ["sat"], at: "01:00", durationMs: 3 * HOUR, timeZone: "UTC" })];
    const alert = testAlert({ alertname: "GroupWithoutPrimary", group: "kv-3", node: "kv-3-a" });
    const during = at("2026-12-05T02:00:00Z");
    const outside = at("2026-12-05T05:00:00Z");
    assert.deepEqual(maintenanceMuting(alert, windows, during), ["w1"]);
    assert.deepEqual(maintenanceMuting(alert, windows, outside), []);
    assert.equal(maintenanceActive({ node: "kv-3-a", group: "kv-3" }, windows, during), true);
    assert.equal(maintenanceActive({ group: "kv-3" }, windows, outside), false, "inside [startsAt, endsAt) is not enough");
  });

  test("rejects unknown zones, malformed cron and times", () => {
    const base = { durationMs: HOUR, timeZone: "Europe/Berlin" };
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "weekly", days: ["sun"], at: "04:00", timeZone: "Mars/Olympus" }).success, false);
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "weekly", days: ["sun"], at: "24:00" }).success, false);
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "weekly", days: [], at: "04:00" }).success, false);
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "cron", cron: "0 0 2 * * *" }).success, false, "six fields");
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "cron", cron: "0 25 * * *" }).success, false);
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "cron", cron: "0 2 * * *", durationMs: 8 * 24 * HOUR }).success, false, "longer than a week");
    assert.equal(recurrenceSchema.safeParse({ ...base, kind: "cron", cron: "0 2 * * *" }).success, true);
  });
});
