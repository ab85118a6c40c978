/**
 * One root cause, one line: when Vigil looks cut off from a zone (or from the whole fleet), the
 * node alerts it explains are symptoms. This module says which alerts are root causes and which
 * alerts each one covers, on plain label sets, so the same answer drives notifications (the
 * built-in inhibition rules of ./inhibition are written from these constants), the Alerts and
 * Incidents pages, and any other summary (the Overview's "Problems now").
 *
 * Pure and dependency-free (no matchers, no RE2, no node:crypto): the browser imports it too.
 */

/** The built-in rule whose firing alerts are root causes. */
export const PARTITION_ALERTNAME = "VigilPartitioned";

/**
 * Alert categories about a node's (or its replica group's) own health: a partition explains
 * them. Fleet-wide alerts (`fleet`) and what Vigil did about it (`recovery`) stay separate lines.
 */
export const ROOT_CAUSE_COVERED_CATEGORIES = ["node", "replication", "agent", "metric", "log", "load"] as const;

/**
 * The blast-radius freeze's alert (lib/alerts/builtin-conditions' freeze conditions): what Vigil
 * does about a partition, so it goes under the partition's line (and its page is held back) too.
 */
export const BLAST_RADIUS_FREEZE = { alertname: "RecoveryFrozen", freeze: "blast-radius" } as const;

/** Node ids listed in a partition's annotations (notifications, the root-cause line); the rest are counted. */
export const PARTITION_MEMBERS_SHOWN = 20;

/** `zone`: Vigil looks cut off from one zone. `monitor`: from (most of) the whole fleet, i.e. Vigil itself looks partitioned. */
export type RootCauseKind = "zone" | "monitor";

/** What grouping reads of an alert: its labels, and (when known) whether and when it fired. */
export type RootCauseAlert = {
  labels: Readonly<Record<string, string>>;
  status?: "firing" | "resolved";
  startsAt?: number;
  endsAt?: number | null;
};

export type RootCause<T extends RootCauseAlert> = {
  kind: RootCauseKind;
  /** The zone cut off; null for the monitor. */
  zone: string | null;
  /** Stable across polls: `zone:<zone>` or `monitor`. */
  key: string;
  /** The partition alert itself. */
  alert: T;
  /** The alerts collapsed under it (never root causes themselves), in input order. */
  members: T[];
  /** Distinct `node` labels of the members, sorted: the nodes one click away. */
  nodes: string[];
};

export type RootCauseGrouping<T extends RootCauseAlert> = {
  /** Monitor first, then zones by name. */
  rootCauses: RootCause<T>[];
  /** Everything not under a root cause, in input order. */
  rest: T[];
};

const COVERED = new Set<string>(ROOT_CAUSE_COVERED_CATEGORIES);

function isFiring(alert: RootCauseAlert): boolean {
  return (alert.status ?? "firing") === "firing";
}

function isPartition(alert: RootCauseAlert): boolean {
  return alert.labels.alertname === PARTITION_ALERTNAME;
}

function isBlastRadiusFreeze(alert: RootCauseAlert): boolean {
  return alert.labels.alertname === BLAST_RADIUS_FREEZE.alertname && alert.labels.freeze === BLAST_RADIUS_FREEZE.freeze;
}

/** The root cause a firing partition alert is, or null for any other alert. */
export function rootCauseKindOf(alert: RootCauseAlert): { kind: RootCauseKind; zone: string | null } | null {
  if (!isFiring(alert) || !isPartition(alert)) return null;
  const zone = alert.labels.zone ?? "";
  return zone === "" ? { kind: "monitor", zone: null } : { kind: "zone", zone };
}

/** Whether an alert is a symptom a partition of `zone` (null: the monitor's) explains. */
export function isCoveredBy(kind: RootCauseKind, zone: string | null, alert: RootCauseAlert): boolean {
  if (isBlastRadiusFreeze(alert)) return true;
  // The monitor's partition explains the zones' partitions too: one line for the whole event.
  if (kind === "monitor" && isPartition(alert) && (alert.labels.zone ?? "") !== "") return true;
  if (!COVERED.has(alert.labels.category ?? "")) return false;
  return kind === "monitor" || (alert.labels.zone ?? "") === zone;
}

/**
 * A resolved alert belongs under a partition only if it was still firing when the partition
 * started; an alert that resolved earlier was a different story.
 */
function overlaps(member: RootCauseAlert, cause: RootCauseAlert): boolean {
  if (isFiring(member)) return true;
  if (member.endsAt === null || member.endsAt === undefined || cause.startsAt === undefined) return true;
  return member.endsAt >= cause.startsAt;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits alerts into root causes (firing `VigilPartitioned` alerts, each with the alerts it
 * explains) and the rest. A zone's partition covers the node, replication, agent, metric, log and
 * load alerts labelled with its zone; the monitor's partition (no zone label) covers those of
 * every zone and the zones' partitions. An alert two causes cover goes under the monitor's. The
 * blast-radius freeze's alert goes under the first cause: it is what Vigil does about them.
 */
export function groupUnderRootCauses<T extends RootCauseAlert>(alerts: readonly T[]): RootCauseGrouping<T> {
  const causes: RootCause<T>[] = [];
  for (const alert of alerts) {
    const kind = rootCauseKindOf(alert);
    if (!kind) continue;
    const key = kind.kind === "monitor" ? "monitor" : `zone:${kind.zone}`;
    // Two alerts with the same zone (e.g. a custom label added) are one cause: the first wins.
    if (causes.some((cause) => cause.key === key)) continue;
    causes.push({ ...kind, key, alert, members: [], nodes: [] });
  }
  if (causes.length === 0) return { rootCauses: [], rest: [...alerts] };
  causes.sort((a, b) => Number(b.kind === "monitor") - Number(a.kind === "monitor") || compareText(a.zone ?? "", b.zone ?? ""));
  const monitor = causes.find((cause) => cause.kind === "monitor");
  const zoneCauses = new Map(causes.filter((cause) => cause.kind === "zone").map((cause) => [cause.zone ?? "", cause]));
  const rest: T[] = [];
  for (const alert of alerts) {
    if (alert === monitor?.alert) continue;
    if (!monitor && zoneCauses.get(alert.labels.zone ?? "")?.alert === alert) continue;
    // The freeze is fleet-wide: it goes under the first cause (the monitor's, or the first zone's).
    const cause = monitor ?? (isBlastRadiusFreeze(alert) ? causes[0] : zoneCauses.get(alert.labels.zone ?? ""));
    if (cause && isCoveredBy(cause.kind, cause.zone, alert) && overlaps(alert, cause.alert)) cause.members.push(alert);
    else rest.push(alert);
  }
  for (const cause of causes) cause.nodes = [...new Set(cause.members.map((member) => member.labels.node ?? "").filter(Boolean))].sort(compareText);
  return { rootCauses: monitor ? [monitor] : causes, rest };
}

/** `a, b, c and 14 more`: a capped list for a line of text. */
export function summariseMembers(ids: readonly string[], shown = PARTITION_MEMBERS_SHOWN): string {
  if (ids.length <= shown) return ids.join(", ");
  return `${ids.slice(0, shown).join(", ")} and ${ids.length - shown} more`;
}

/** The Nodes page filtered to what a partition took down. */
export function partitionNodesURL(zone: string | null): string {
  return zone === null ? "/nodes?state=down" : `/nodes?zone=${encodeURIComponent(zone)}&state=down`;
}
