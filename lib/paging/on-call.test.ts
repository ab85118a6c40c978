import assert from "node:assert/strict";
import { test } from "node:test";
import { DateTime } from "luxon";
import { onCallAt, scheduleSchema, shiftsBetween, type Override, type Schedule } from "./on-call";

const HOUR = 3_600_000;
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

function weekly(zone: string, start: string, users = ["alice", "bob"]): Schedule {
  return scheduleSchema.parse({ name: "Primary", timeZone: zone, rotations: [{ name: "weekly", users, startsAt: local(start, zone), handoffTime: "09:00", lengthDays: 7 }] });
}

test("hand-offs stay at 09:00 Europe/Berlin across the spring and autumn DST changes", () => {
  const zone = "Europe/Berlin";
  // 2026-03-29 02:00 → 03:00 CEST; 2026-10-25 03:00 → 02:00 CET.
  const schedule = weekly(zone, "2026-03-23T09:00");
  const shift = onCallAt(schedule, [], local("2026-03-30T08:59", zone));
  assert.equal(shift?.userId, "alice");
  assert.equal(shift?.shiftEndsAt, local("2026-03-30T09:00", zone));
  // The week over the change is an hour short.
  assert.equal((shift?.shiftEndsAt ?? 0) - (shift?.shiftStartsAt ?? 0), 7 * 24 * HOUR - HOUR);
  assert.equal(onCallAt(schedule, [], local("2026-03-30T09:00", zone))?.userId, "bob");
  assert.equal(DateTime.fromMillis(onCallAt(schedule, [], local("2026-10-27T12:00", zone))?.shiftStartsAt ?? 0, { zone }).toFormat("yyyy-MM-dd HH:mm"), "2026-10-26 09:00");
  const autumn = onCallAt(schedule, [], local("2026-10-20T12:00", zone));
  assert.equal((autumn?.shiftEndsAt ?? 0) - (autumn?.shiftStartsAt ?? 0), 7 * 24 * HOUR + HOUR);
});

test("daily hand-offs in America/New_York keep local time across DST", () => {
  const zone = "America/New_York";
  // 2026-03-08 02:00 → 03:00 EDT; 2026-11-01 02:00 → 01:00 EST.
  const schedule = scheduleSchema.parse({ name: "NY", timeZone: zone, rotations: [{ name: "daily", users: ["a", "b", "c"], startsAt: local("2026-03-06T08:30", zone), handoffTime: "08:30", lengthDays: 1 }] });
  const shifts = shiftsBetween(schedule, [], local("2026-03-06T08:30", zone), local("2026-03-10T08:30", zone));
  assert.deepEqual(shifts.map((s) => s.userId), ["a", "b", "c", "a"]);
  assert.deepEqual(shifts.map((s) => DateTime.fromMillis(s.startsAt, { zone }).toFormat("MM-dd HH:mm")), ["03-06 08:30", "03-07 08:30", "03-08 08:30", "03-09 08:30"]);
  assert.equal(shifts[1].endsAt - shifts[1].startsAt, 23 * HOUR);
  const november = onCallAt(schedule, [], local("2026-10-31T23:00", zone));
  assert.equal(november && november.shiftEndsAt - november.shiftStartsAt, 25 * HOUR);
});

test("the hand-off instant belongs to the next person; nobody is on call before the start", () => {
  const zone = "Europe/Berlin";
  const schedule = weekly(zone, "2026-06-01T09:00");
  const handoff = local("2026-06-08T09:00", zone);
  assert.equal(onCallAt(schedule, [], handoff - 1)?.userId, "alice");
  assert.equal(onCallAt(schedule, [], handoff)?.userId, "bob");
  assert.equal(onCallAt(schedule, [], handoff)?.shiftStartsAt, handoff);
  assert.equal(onCallAt(schedule, [], local("2026-06-22T09:00", zone))?.userId, "bob", "round and round: alice, bob, alice, bob");
  assert.equal(onCallAt(schedule, [], local("2026-05-31T09:00", zone)), null);
});

test("a first shift that starts off the hand-off time runs to the next hand-off", () => {
  const zone = "Europe/Berlin";
  const schedule = scheduleSchema.parse({ name: "x", timeZone: zone, rotations: [{ name: "r", users: ["a", "b"], startsAt: local("2026-06-01T15:00", zone), handoffTime: "09:00", lengthDays: 1 }] });
  assert.equal(onCallAt(schedule, [], local("2026-06-02T08:00", zone))?.userId, "a");
  assert.equal(onCallAt(schedule, [], local("2026-06-02T09:00", zone))?.userId, "b");
});

test("layers: the first rotation with someone on call wins, and a later-starting layer cuts the shift short", () => {
  const zone = "UTC";
  const schedule = scheduleSchema.parse({
    name: "layered",
    timeZone: zone,
    rotations: [
      { name: "primary", users: ["p"], startsAt: local("2026-06-10T00:00", zone), handoffTime: "00:00", lengthDays: 7 },
      { name: "fallback", users: ["f"], startsAt: local("2026-06-01T00:00", zone), handoffTime: "00:00", lengthDays: 7 },
    ],
  });
  const before = onCallAt(schedule, [], local("2026-06-09T12:00", zone));
  assert.equal(before?.userId, "f");
  assert.equal(before?.rotation, "fallback");
  assert.equal(before?.shiftEndsAt, local("2026-06-10T00:00", zone));
  assert.equal(onCallAt(schedule, [], local("2026-06-10T00:00", zone))?.rotation, "primary");
});

test("an override wins while it lasts, the rotation takes over again when it ends; the later override wins an overlap", () => {
  const zone = "Europe/Berlin";
  const schedule = weekly(zone, "2026-06-01T09:00");
  const o1: Override = { id: "o1", userId: "carol", startsAt: local("2026-06-03T12:00", zone), endsAt: local("2026-06-03T18:00", zone) };
  const o2: Override = { id: "o2", userId: "dave", startsAt: local("2026-06-03T14:00", zone), endsAt: local("2026-06-03T15:00", zone) };
  assert.equal(onCallAt(schedule, [o1], local("2026-06-03T11:59", zone))?.shiftEndsAt, o1.startsAt, "the rotation's shift shows until the override");
  const during = onCallAt(schedule, [o1], local("2026-06-03T12:00", zone));
  assert.equal(during?.userId, "carol");
  assert.equal(during?.override?.id, "o1");
  assert.equal(during?.shiftEndsAt, o1.endsAt);
  assert.equal(onCallAt(schedule, [o1], o1.endsAt)?.userId, "alice");
  assert.equal(onCallAt(schedule, [o1, o2], local("2026-06-03T14:30", zone))?.userId, "dave");
  const shifts = shiftsBetween(schedule, [o1, o2], local("2026-06-03T00:00", zone), local("2026-06-04T00:00", zone));
  assert.deepEqual(shifts.map((s) => s.userId), ["alice", "carol", "dave", "carol", "alice"]);
  assert.equal(shifts[0].startsAt, local("2026-06-03T00:00", zone), "clipped to the window");
  assert.equal(shifts.at(-1)?.endsAt, local("2026-06-04T00:00", zone));
});

test("an override fills a gap where no rotation has anyone, and the timeline skips the empty stretch", () => {
  const zone = "UTC";
  const schedule = weekly(zone, "2026-06-10T09:00", ["a"]);
  const o: Override = { id: "o", userId: "z", startsAt: local("2026-06-05T00:00", zone), endsAt: local("2026-06-06T00:00", zone) };
  const shifts = shiftsBetween(schedule, [o], local("2026-06-01T00:00", zone), local("2026-06-11T00:00", zone));
  assert.deepEqual(shifts.map((s) => [s.userId, DateTime.fromMillis(s.startsAt, { zone }).toFormat("dd HH")]), [["z", "05 00"], ["a", "10 09"]]);
});

test("the schedule schema refuses unknown zones and bad hand-off times", () => {
  const base = { name: "x", timeZone: "Europe/Berlin", rotations: [{ name: "r", users: ["a"], startsAt: 0, handoffTime: "09:00", lengthDays: 7 }] };
  assert.ok(scheduleSchema.safeParse(base).success);
  assert.ok(!scheduleSchema.safeParse({ ...base, timeZone: "Mars/Olympus" }).success);
  assert.ok(!scheduleSchema.safeParse({ ...base, rotations: [{ ...base.rotations[0], handoffTime: "24:00" }] }).success);
  assert.ok(!scheduleSchema.safeParse({ ...base, rotations: [{ ...base.rotations[0], lengthDays: 29 }] }).success);
  assert.ok(!scheduleSchema.safeParse({ ...base, rotations: [] }).success);
});

test("an override over a hand-off: the timeline never overlaps, and the rotation's next person starts when the override ends", () => {
  const zone = "Europe/Berlin";
  const schedule = weekly(zone, "2026-06-01T09:00");
  // bob takes over from alice at 06-08 09:00, but carol holds it from 06-08 00:00 to 06-09 00:00.
  const o: Override = { id: "o", userId: "carol", startsAt: local("2026-06-08T00:00", zone), endsAt: local("2026-06-09T00:00", zone) };
  const shifts = shiftsBetween(schedule, [o], local("2026-06-07T00:00", zone), local("2026-06-10T00:00", zone));
  assert.deepEqual(
    shifts.map((s) => [s.userId, DateTime.fromMillis(s.startsAt, { zone }).toFormat("dd HH:mm"), DateTime.fromMillis(s.endsAt, { zone }).toFormat("dd HH:mm")]),
    [
      ["alice", "07 00:00", "08 00:00"],
      ["carol", "08 00:00", "09 00:00"],
      ["bob", "09 00:00", "10 00:00"],
    ],
  );
  for (let i = 1; i < shifts.length; i += 1) assert.equal(shifts[i].startsAt, shifts[i - 1].endsAt);
  const after = onCallAt(schedule, [o], local("2026-06-09T12:00", zone));
  assert.equal(after?.userId, "bob");
  assert.equal(after?.shiftStartsAt, o.endsAt, "on call since the override ended");
});
