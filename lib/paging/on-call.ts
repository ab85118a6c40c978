/**
 * Who is on call, as a pure function of a schedule, its overrides and a time.
 *
 * - A rotation's first shift starts at `startsAt`; after it, the hand-offs fall at `handoffTime`
 *   local time in the schedule's zone every `lengthDays` local calendar days, counted from the
 *   local date of `startsAt`. Local, not every 24 h: 09:00 Europe/Berlin stays 09:00 across DST
 *   (a shift over the change is an hour shorter or longer).
 * - Users take the shifts in order, round and round.
 * - Rotations are layers: the first one with someone on call wins (a rotation has nobody before
 *   its start).
 * - An override puts its user on call from `startsAt` (inclusive) to `endsAt` (exclusive), over
 *   every rotation; when overrides overlap, the one that started last wins.
 */
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";

const DAY_MS = 24 * 3_600_000;
/** Enough for a 14-day timeline of daily hand-offs in five layers with many overrides. */
const MAX_SHIFTS = 2_000;

export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), { message: "not an IANA time zone (e.g. Europe/Berlin)" });

export const rotationSchema = z.object({
  name: z.string().trim().min(1).max(100),
  users: z.array(z.string().min(1).max(128)).min(1).max(50),
  /** Epoch ms: when the first shift starts. */
  startsAt: z.number().int().min(0),
  /** Local time of each hand-off in the schedule's zone. */
  handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour"),
  lengthDays: z.number().int().min(1).max(28),
});
export type Rotation = z.infer<typeof rotationSchema>;

export const scheduleSchema = z.object({
  name: z.string().trim().min(1).max(200),
  timeZone: timeZoneSchema,
  rotations: z.array(rotationSchema).min(1).max(5),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const overrideSchema = z
  .object({
    userId: z.string().min(1).max(128),
    startsAt: z.number().int().min(0),
    endsAt: z.number().int().min(0),
  })
  .refine((o) => o.endsAt > o.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] });
export type Override = z.infer<typeof overrideSchema> & { id?: string };

export type OnCall = {
  userId: string;
  /** The rotation's name, or null during an override. */
  rotation: string | null;
  shiftStartsAt: number;
  /** When someone else (or nobody) takes over: the hand-off, an override's start or end, a higher layer's start. */
  shiftEndsAt: number;
  override: Override | null;
};

export type Shift = { userId: string; rotation: string | null; startsAt: number; endsAt: number; override: Override | null };

/** The epoch ms of hand-off `k` (k ≥ 1) of a rotation: `k * lengthDays` local days after its start date, at `handoffTime`. */
function handoff(rotation: Rotation, zone: string, k: number): number {
  const [hour, minute] = rotation.handoffTime.split(":").map(Number);
  const startDate = DateTime.fromMillis(rotation.startsAt, { zone }).startOf("day");
  return startDate.plus({ days: k * rotation.lengthDays }).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** Start of shift k: the rotation's start for the first, a hand-off after that. */
function boundary(rotation: Rotation, zone: string, k: number): number {
  return k === 0 ? rotation.startsAt : handoff(rotation, zone, k);
}

/** The rotation's shift at `at`, or null before its start. */
function rotationShiftAt(rotation: Rotation, zone: string, at: number): { userId: string; startsAt: number; endsAt: number } | null {
  if (at < rotation.startsAt) return null;
  // An estimate from elapsed time, corrected by at most a step or two for DST and a late first hand-off.
  let k = Math.max(0, Math.floor((at - rotation.startsAt) / (rotation.lengthDays * DAY_MS)));
  while (k > 0 && boundary(rotation, zone, k) > at) k -= 1;
  while (boundary(rotation, zone, k + 1) <= at) k += 1;
  return { userId: rotation.users[k % rotation.users.length], startsAt: boundary(rotation, zone, k), endsAt: boundary(rotation, zone, k + 1) };
}

function activeOverride(overrides: readonly Override[], at: number): Override | null {
  let winner: Override | null = null;
  for (const o of overrides) if (o.startsAt <= at && at < o.endsAt && (!winner || o.startsAt >= winner.startsAt)) winner = o;
  return winner;
}

/** Who is on call at `at`, or null when no override and no rotation has anyone. */
export function onCallAt(schedule: Schedule, overrides: readonly Override[], at: number): OnCall | null {
  const laterOverrideStart = Math.min(...overrides.filter((o) => o.startsAt > at).map((o) => o.startsAt), Number.POSITIVE_INFINITY);
  const override = activeOverride(overrides, at);
  if (override) return { userId: override.userId, rotation: null, shiftStartsAt: override.startsAt, shiftEndsAt: Math.min(override.endsAt, laterOverrideStart), override };
  for (const [index, rotation] of schedule.rotations.entries()) {
    const shift = rotationShiftAt(rotation, schedule.timeZone, at);
    if (!shift) continue;
    const higherLayerStart = Math.min(...schedule.rotations.slice(0, index).map((r) => r.startsAt).filter((start) => start > at), Number.POSITIVE_INFINITY);
    // Back on call after an override that ended during this shift: the shift (for them) starts then.
    const overrideEnd = Math.max(...overrides.filter((o) => o.endsAt <= at && o.endsAt > shift.startsAt).map((o) => o.endsAt), shift.startsAt);
    return { userId: shift.userId, rotation: rotation.name, shiftStartsAt: overrideEnd, shiftEndsAt: Math.min(shift.endsAt, higherLayerStart, laterOverrideStart), override: null };
  }
  return null;
}

/** The next time after `at` someone may come on call (a rotation's or an override's start), or null. */
function nextStart(schedule: Schedule, overrides: readonly Override[], at: number): number | null {
  const starts = [...schedule.rotations.map((r) => r.startsAt), ...overrides.map((o) => o.startsAt)].filter((start) => start > at);
  return starts.length ? Math.min(...starts) : null;
}

/** Who is on call from `from` to `to`, as shifts clipped to that window, in order; gaps where nobody is. */
export function shiftsBetween(schedule: Schedule, overrides: readonly Override[], from: number, to: number): Shift[] {
  const shifts: Shift[] = [];
  let t = from;
  while (t < to && shifts.length < MAX_SHIFTS) {
    const now = onCallAt(schedule, overrides, t);
    if (!now) {
      const next = nextStart(schedule, overrides, t);
      if (next === null) break;
      t = next;
      continue;
    }
    // `t` is where the previous shift ended: a shift found there may have begun earlier, under an override.
    shifts.push({ userId: now.userId, rotation: now.rotation, startsAt: Math.max(now.shiftStartsAt, t), endsAt: Math.min(now.shiftEndsAt, to), override: now.override });
    t = now.shiftEndsAt;
  }
  return shifts;
}
