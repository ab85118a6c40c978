import { maintenanceWindowSchema, nextOccurrences, NO_END, WEEKDAYS, type MaintenanceWindow, type Weekday } from "@/lib/alerts/maintenance";
import type { NewMaintenance } from "@/lib/protocol/api/alerts";
import { fromDateTimeLocal } from "./silence-time";

export type MaintenanceKind = "once" | "weekly" | "cron";

/** What the maintenance form holds, as typed (strings), before it becomes a request. */
export type MaintenanceDraft = {
  targetKind: "node" | "group";
  target: string;
  kind: MaintenanceKind;
  /** datetime-local text; one-off: start and end; recurring: validity (end optional). */
  startsAt: string;
  endsAt: string;
  days: Weekday[];
  at: string;
  cron: string;
  durationMinutes: string;
  timeZone: string;
  comment: string;
};

export type DraftResult = { body: NewMaintenance; occurrences: { start: number; end: number }[] } | { problem: string };

/** The request the draft makes and the next 3 occurrences it would have, or what is wrong with it. */
export function maintenanceRequest(draft: MaintenanceDraft, now: number): DraftResult {
  const target = draft.target.trim();
  if (!target) return { problem: `Name the ${draft.targetKind} under maintenance.` };
  const startsAt = draft.startsAt.trim() ? fromDateTimeLocal(draft.startsAt) : now;
  if (startsAt === null) return { problem: "The start is not a date and time." };
  const endsAt = draft.endsAt.trim() ? fromDateTimeLocal(draft.endsAt) : null;
  if (draft.endsAt.trim() && endsAt === null) return { problem: "The end is not a date and time." };
  if (draft.kind === "once" && endsAt === null) return { problem: "A one-off window needs an end." };
  const durationMs = Math.round(Number(draft.durationMinutes) * 60_000);
  const recurrence =
    draft.kind === "once"
      ? null
      : draft.kind === "weekly"
        ? { kind: "weekly" as const, days: WEEKDAYS.filter((day) => draft.days.includes(day)), at: draft.at, durationMs, timeZone: draft.timeZone.trim() }
        : { kind: "cron" as const, cron: draft.cron.trim(), durationMs, timeZone: draft.timeZone.trim() };
  const window = maintenanceWindowSchema.safeParse({
    id: "draft",
    target: draft.targetKind === "node" ? { node: target } : { group: target },
    startsAt,
    endsAt: endsAt ?? NO_END,
    comment: draft.comment,
    recurrence,
  });
  if (!window.success) return { problem: window.error.issues.map((issue) => `${issue.path.join(".") || "window"}: ${issue.message}`).join("; ") };
  if (!draft.comment.trim()) return { problem: "Say why (the comment is required)." };
  const body: NewMaintenance = { target: window.data.target, startsAt, comment: draft.comment.trim(), recurrence, ...(endsAt === null ? {} : { endsAt }) };
  return { body, occurrences: nextOccurrences(window.data, now, 3) };
}

/** One line saying how a window recurs, e.g. "Sun 04:00 (Europe/Berlin) for 2 h". */
export function describeRecurrence(window: MaintenanceWindow): string {
  const recurrence = window.recurrence;
  if (!recurrence) return "once";
  const minutes = Math.round(recurrence.durationMs / 60_000);
  const length = minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  const when = recurrence.kind === "weekly" ? `${recurrence.days.map((day) => day[0].toUpperCase() + day.slice(1)).join(", ")} ${recurrence.at}` : `cron "${recurrence.cron}"`;
  return `${when} (${recurrence.timeZone}) for ${length}`;
}
