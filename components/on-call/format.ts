import { DateTime } from "luxon";

/** "in 3 h 20 min", "in 2 d 4 h": how long until a hand-off, coarse enough to read at a glance. */
export function untilText(at: number, now: number): string {
  const minutes = Math.max(0, Math.round((at - now) / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `in ${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** A time in the schedule's own zone, as the people on call read their shifts. */
export function zonedTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(at);
}

/** A time in the viewer's own zone (the browser's), shown beside the schedule's. */
export function localTime(at: number): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(at);
}

/** A `datetime-local` value read as wall-clock time in `timeZone`, as epoch ms (null when it does not parse). */
export function zonedInputToMillis(value: string, timeZone: string): number | null {
  const at = DateTime.fromISO(value, { zone: timeZone });
  return at.isValid ? at.toMillis() : null;
}

/** Epoch ms as a `datetime-local` value in `timeZone`. */
export function millisToZonedInput(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}
