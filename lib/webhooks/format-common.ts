/** Pieces the three body formats share: time normalisation, common labels, truncation. */
import type { Instant, NotificationAlert } from "./types";

/** Alertmanager's (Go's) zero time: what it sends as `endsAt` of an alert with no end yet. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Alerts beyond this are left out of a body and counted in `truncatedAlerts`. */
export const DEFAULT_MAX_ALERTS = 500;

/** RFC 3339 in UTC with millisecond precision (what `Date#toISOString` writes). */
export function rfc3339(instant: Instant): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new Error(`not a valid instant: ${String(instant)}`);
  return date.toISOString();
}

/** Label pairs (name and value) shared by every alert; empty for no alerts, like Alertmanager. */
export function commonPairs(maps: readonly Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const [first, ...rest] = maps;
  const common: Record<string, string> = {};
  for (const name of Object.keys(first).sort()) {
    if (rest.every((map) => Object.hasOwn(map, name) && map[name] === first[name])) common[name] = first[name];
  }
  return common;
}

/** A copy with keys sorted, so identical label sets serialise identically (stable bodies). */
export function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((name) => [name, record[name]]));
}

export type Truncated = { alerts: NotificationAlert[]; truncatedAlerts: number };

/**
 * At most `maxAlerts` alerts, firing ones first (they are the actionable ones; a body cut at
 * 500 should not drop a firing alert in favour of a resolved one), otherwise in given order.
 */
export function truncateAlerts(alerts: readonly NotificationAlert[], maxAlerts: number): Truncated {
  const limit = Math.max(0, Math.floor(maxAlerts));
  if (alerts.length <= limit) return { alerts: [...alerts], truncatedAlerts: 0 };
  const ordered = [...alerts.filter((alert) => alert.status === "firing"), ...alerts.filter((alert) => alert.status !== "firing")];
  return { alerts: ordered.slice(0, limit), truncatedAlerts: alerts.length - limit };
}

/**
 * A root cause's members as one phrase (`17 nodes: a, b, … and 12 more`), from the annotations
 * the `VigilPartitioned` rule writes (`members`, already capped, and `member_count`); null for
 * other alerts. Formats that print only a summary (Slack) add it, so the one page names the nodes.
 */
export function membersText(annotations: Readonly<Record<string, string>>): string | null {
  const members = annotations.members;
  if (!members) return null;
  const count = Number(annotations.member_count);
  return Number.isFinite(count) && count > 0 ? `${count} node${count === 1 ? "" : "s"}: ${members}` : members;
}
