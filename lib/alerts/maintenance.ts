import { CronExpressionParser } from "cron-parser";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import type { Alert } from "./alert";

/**
 * A planned maintenance of one node or one replica group. While active it mutes the alerts whose
 * `node` / `group` label names the target, and recovery for the target is paused (the operator is
 * working on it; automation must not fight them).
 */
export const maintenanceTargetSchema = z.union([
  z.object({ node: z.string().min(1).max(128) }).strict(),
  z.object({ group: z.string().min(1).max(128) }).strict(),
]);
export type MaintenanceTarget = z.infer<typeof maintenanceTargetSchema>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Longest occurrence of a recurring window: a week (longer ones would overlap the next). */
export const MAX_OCCURRENCE_MS = 7 * 24 * 60 * 60 * 1000;
/** endsAt of a recurring window that runs until someone ends it (9999-12-31). */
export const NO_END = Date.UTC(9999, 11, 31);

const timeZoneSchema = z.string().min(1).max(64).refine((zone) => IANAZone.isValidZone(zone), { message: "unknown time zone (an IANA name such as Europe/Berlin)" });
const durationMsSchema = z.number().int().min(60_000).max(MAX_OCCURRENCE_MS);

function cronProblem(cron: string): string | null {
  if (cron.trim().split(/\s+/).length !== 5) return "a cron expression has 5 fields: minute hour day-of-month month day-of-week";
  try {
    CronExpressionParser.parse(cron, { tz: "UTC" }).next();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * How a window recurs: every listed weekday at a wall-clock time, or at each start of a cron
 * expression, in a time zone (so "Sunday 02:00 Europe/Berlin" stays 02:00 across DST); each
 * occurrence lasts `durationMs`. Null: a one-off window [startsAt, endsAt).
 */
export const recurrenceSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("weekly"),
      days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "at is HH:MM (24 h)"),
      durationMs: durationMsSchema,
      timeZone: timeZoneSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal("cron"),
      cron: z.string().min(9).max(200).superRefine((cron, ctx) => {
        const problem = cronProblem(cron);
        if (problem) ctx.addIssue({ code: "custom", message: `cron: ${problem}` });
      }),
      durationMs: durationMsSchema,
      timeZone: timeZoneSchema,
    })
    .strict(),
]);
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const maintenanceWindowSchema = z
  .object({
    id: z.string().min(1).max(128),
    target: maintenanceTargetSchema,
    /** One-off: when it starts. Recurring: the first instant an occurrence may start. */
    startsAt: z.number().int(),
    /** One-off: when it ends. Recurring: no occurrence is active from then on (ending a window sets it to now). */
    endsAt: z.number().int(),
    comment: z.string().max(2000),
    recurrence: recurrenceSchema.nullish(),
  })
  .refine((w) => w.endsAt > w.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] });
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

/**
 * What recovery asks about: a node (with its replica group when it has one, since maintenance of
 * the group covers its members) or a whole group.
 */
export type RecoveryTarget = { node: string; group?: string | null } | { group: string };

/** Starts of a weekly recurrence from the local day of `from` on, ascending (`back` days earlier first). */
function weeklyStarts(recurrence: Extract<Recurrence, { kind: "weekly" }>, from: number, back: number, days: number): number[] {
  const [hour, minute] = recurrence.at.split(":").map(Number);
  const first = DateTime.fromMillis(from, { zone: recurrence.timeZone }).startOf("day").minus({ days: back });
  const out: number[] = [];
  for (let i = 0; i <= back + days; i++) {
    const day = first.plus({ days: i });
    if (!recurrence.days.includes(WEEKDAYS[day.weekday - 1])) continue;
    // In a DST gap (02:30 on the spring-forward night) luxon moves the time forward; that is when it starts.
    out.push(day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis());
  }
  return out;
}

/** The latest occurrence start at or before `now` (not before `notBefore`), or null. */
function lastStart(recurrence: Recurrence, now: number, notBefore: number): number | null {
  if (recurrence.kind === "weekly") {
    const starts = weeklyStarts(recurrence, now, 8, 0).filter((start) => start <= now && start >= notBefore);
    return starts.length ? starts[starts.length - 1] : null;
  }
  try {
    const start = CronExpressionParser.parse(recurrence.cron, { currentDate: new Date(now + 1), tz: recurrence.timeZone }).prev().getTime();
    return start >= notBefore ? start : null;
  } catch {
    return null;
  }
}

/** True while the window mutes and pauses recovery. */
export function maintenanceWindowActive(window: MaintenanceWindow, now: number): boolean {
  if (now < window.startsAt || now >= window.endsAt) return false;
  const recurrence = window.recurrence;
  if (!recurrence) return true;
  const start = lastStart(recurrence, now, Math.max(window.startsAt, now - recurrence.durationMs));
  return start !== null && now < start + recurrence.durationMs;
}

/**
 * The next `count` occurrences ({start, end}) of a window that start at or after `from` (the one
 * under way, if any, first), within its validity. A one-off window has one.
 */
export function nextOccurrences(window: MaintenanceWindow, from: number, count: number): { start: number; end: number }[] {
  const recurrence = window.recurrence;
  if (!recurrence) return window.endsAt > from && count > 0 ? [{ start: window.startsAt, end: window.endsAt }] : [];
  const out: { start: number; end: number }[] = [];
  const current = maintenanceWindowActive(window, from) ? lastStart(recurrence, from, window.startsAt) : null;
  if (current !== null) out.push({ start: current, end: current + recurrence.durationMs });
  let cursor = Math.max(from, window.startsAt);
  if (recurrence.kind === "weekly") {
    // Weeks at a time, so a window on one weekday needs a handful of rounds, not hundreds.
    while (out.length < count && cursor < window.endsAt) {
      for (const start of weeklyStarts(recurrence, cursor, 0, 7)) {
        if (out.length >= count) break;
        if (start >= cursor && start >= window.startsAt && start < window.endsAt && start !== current) out.push({ start, end: start + recurrence.durationMs });
      }
      cursor = DateTime.fromMillis(cursor, { zone: recurrence.timeZone }).startOf("day").plus({ days: 8 }).toMillis();
    }
    return out.slice(0, count);
  }
  try {
    const expression = CronExpressionParser.parse(recurrence.cron, { currentDate: new Date(cursor - 1), tz: recurrence.timeZone });
    while (out.length < count) {
      const start = expression.next().getTime();
      if (start >= window.endsAt) break;
      if (start !== current) out.push({ start, end: start + recurrence.durationMs });
    }
  } catch {
    // An expression with no further occurrence (e.g. 30 February) simply has none.
  }
  return out.slice(0, count);
}

// Coverage is checked first: it is cheap, while a recurring window computes its occurrences.
const isActive = maintenanceWindowActive;

function covers(window: MaintenanceWindow, node: string | null, group: string | null): boolean {
  if ("node" in window.target) return node !== null && window.target.node === node;
  return group !== null && window.target.group === group;
}

/** The active windows covering the target, to explain "recovery paused" in the UI. */
export function activeMaintenance(target: RecoveryTarget, windows: readonly MaintenanceWindow[], now: number): MaintenanceWindow[] {
  const node = "node" in target ? target.node : null;
  const group = target.group ?? null;
  return windows.filter((w) => covers(w, node, group) && isActive(w, now));
}

/** True while recovery for the target must be paused. */
export function maintenanceActive(target: RecoveryTarget, windows: readonly MaintenanceWindow[], now: number): boolean {
  return activeMaintenance(target, windows, now).length > 0;
}

/** The ids of the active windows muting this alert (by its `node` and `group` labels). */
export function maintenanceMuting(alert: Pick<Alert, "labels">, windows: readonly MaintenanceWindow[], now: number): string[] {
  const node = alert.labels.node ?? null;
  const group = alert.labels.group ?? null;
  return windows.filter((w) => covers(w, node, group) && isActive(w, now)).map((w) => w.id);
}
