/** Display formatting for the dashboard. Every function accepts missing data and shows an em dash. */

export const MISSING = "—";

type Maybe<T> = T | null | undefined;

function isMissing(value: Maybe<number>): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

/** A 0..1 fraction as a percentage. */
export function formatPercent(fraction: Maybe<number>, digits = 0): string {
  if (isMissing(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(digits)}%`;
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"] as const;

/** Decimal (SI) units, as network gear reports them. */
export function formatBytes(bytes: Maybe<number>): string {
  if (isMissing(bytes)) return MISSING;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${bytes < 0 ? "-" : ""}${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatBytesPerSec(bytesPerSec: Maybe<number>): string {
  if (isMissing(bytesPerSec)) return MISSING;
  return `${formatBytes(bytesPerSec)}/s`;
}

export function formatMilliseconds(ms: Maybe<number>): string {
  if (isMissing(ms)) return MISSING;
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Compact duration for "since" and lag: "42 s", "5 min 3 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: Maybe<number>): string {
  if (isMissing(ms)) return MISSING;
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) {
    const seconds = totalSeconds % 60;
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const restMinutes = minutes % 60;
    return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

/** "3 s ago", "just now", "in 2 s" for clock skew, "never" when there is no timestamp. */
export function formatRelativeTime(ts: Maybe<number>, now: number): string {
  if (isMissing(ts)) return "never";
  const diff = now - ts;
  if (diff < -1000) return `in ${formatDuration(-diff)}`;
  if (diff < 1000) return "just now";
  const seconds = Math.floor(diff / 1000);
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

function pad2(value: number): string {
  return value.toString().padStart(2, "0");
}

/** Local wall-clock time, 24 h: "14:03:09". */
export function formatClock(ts: Maybe<number>): string {
  if (isMissing(ts)) return MISSING;
  const date = new Date(ts);
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Local date and time: "2026-11-26 14:03:09". */
export function formatDateTime(ts: Maybe<number | string>): string {
  if (ts === null || ts === undefined) return MISSING;
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return MISSING;
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  return `${day} ${formatClock(date.getTime())}`;
}

/** Chart axis tick: hh:mm for spans within a day, "11-26 14:00" beyond. */
export function formatAxisTime(ts: number, spanMs: number): string {
  const date = new Date(ts);
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  if (spanMs <= 26 * 3600_000) return time;
  return `${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${time}`;
}

export function formatCount(value: Maybe<number>): string {
  if (isMissing(value)) return MISSING;
  return Math.round(value).toLocaleString("en-US");
}

/** Rates such as heartbeats/s: one decimal below 100, whole numbers above. */
export function formatRate(perSecond: Maybe<number>): string {
  if (isMissing(perSecond)) return MISSING;
  return perSecond < 100 ? perSecond.toFixed(1) : formatCount(perSecond);
}

/** Phi can be Infinity once a node has been silent long enough. */
export function formatPhi(phi: Maybe<number>): string {
  if (isMissing(phi)) return MISSING;
  if (!Number.isFinite(phi)) return "∞";
  return phi >= 100 ? phi.toFixed(0) : phi.toFixed(2);
}

export function formatDecimal(value: Maybe<number>, digits = 2): string {
  if (isMissing(value)) return MISSING;
  return value.toFixed(digits);
}

export type TimeDescription = { text: string; title: string; iso: string | null };

/**
 * The one time format: relative text ("3 min ago"), the absolute local time and ISO in the
 * tooltip. `RelativeTime` renders it; anything that shows a past or future moment uses it.
 */
export function describeTime(ts: Maybe<number>, now: number): TimeDescription {
  if (isMissing(ts)) return { text: "never", title: "no time recorded", iso: null };
  const iso = new Date(ts).toISOString();
  return { text: formatRelativeTime(ts, now), title: `${formatDateTime(ts)} (local) · ${iso}`, iso };
}

/** For data a silent node last sent: "last known 14:02:11, 3 min ago". */
export function formatLastKnown(ts: Maybe<number>, now: number): string {
  if (isMissing(ts)) return "nothing known";
  return `last known ${formatClock(ts)}, ${formatRelativeTime(ts, now)}`;
}
