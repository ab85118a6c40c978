import { severityStyle } from "@/components/incidents/incident-severity";

/** What grouping reads of an alert (the /api/v1/alerts item shape). */
export type GroupableAlert = {
  fingerprint: string;
  labels: Readonly<Record<string, string>>;
  status: "firing" | "resolved";
  startsAt: number;
  endsAt: number | null;
};

export type AlertNameGroup<T extends GroupableAlert> = {
  alertname: string;
  alerts: T[];
  firing: number;
  resolved: number;
  /** The worst severity among the group's firing alerts, or among all of them once none fires. */
  worstSeverity: string;
};

export const UNNAMED_ALERT = "(no alertname)";

function severityRank(alert: GroupableAlert): number {
  return severityStyle(alert.labels.severity ?? "info").rank;
}

/** Firing first, then the worst, then the newest: the order an operator triages in. */
export function compareAlerts(a: GroupableAlert, b: GroupableAlert): number {
  const firing = Number(b.status === "firing") - Number(a.status === "firing");
  if (firing !== 0) return firing;
  return severityRank(b) - severityRank(a) || b.startsAt - a.startsAt || a.fingerprint.localeCompare(b.fingerprint);
}

/**
 * Alerts by alertname. Groups with something firing come first, worst severity first, then the
 * larger, then by name, so the same alerts always land in the same place between polls.
 */
export function groupAlertsByName<T extends GroupableAlert>(alerts: readonly T[]): AlertNameGroup<T>[] {
  const byName = new Map<string, T[]>();
  for (const alert of alerts) {
    const name = alert.labels.alertname || UNNAMED_ALERT;
    const list = byName.get(name);
    if (list) list.push(alert);
    else byName.set(name, [alert]);
  }
  const groups = [...byName.entries()].map(([alertname, members]): AlertNameGroup<T> => {
    const sorted = [...members].sort(compareAlerts);
    const firing = sorted.filter((alert) => alert.status === "firing").length;
    const worst = sorted[0];
    return { alertname, alerts: sorted, firing, resolved: sorted.length - firing, worstSeverity: worst.labels.severity ?? "info" };
  });
  return groups.sort(
    (a, b) =>
      Number(b.firing > 0) - Number(a.firing > 0) ||
      severityStyle(b.worstSeverity).rank - severityStyle(a.worstSeverity).rank ||
      b.firing - a.firing ||
      b.alerts.length - a.alerts.length ||
      a.alertname.localeCompare(b.alertname),
  );
}

/** How long the alert has fired (until now) or fired for (until it resolved). */
export function alertDurationMs(alert: Pick<GroupableAlert, "startsAt" | "endsAt" | "status">, now: number): number {
  const end = alert.status === "resolved" && alert.endsAt !== null ? alert.endsAt : now;
  return Math.max(0, end - alert.startsAt);
}

/** Labels every alert has and the group header already says; chips show the rest. */
const HEADER_LABELS = new Set(["alertname", "severity"]);

/** The alert's labels as chips, the ones that say what it is about first. */
export function chipLabels(labels: Readonly<Record<string, string>>): [string, string][] {
  const first = ["node", "group", "zone"];
  const rank = (name: string) => {
    const index = first.indexOf(name);
    return index === -1 ? first.length : index;
  };
  return Object.entries(labels)
    .filter(([name, value]) => !HEADER_LABELS.has(name) && value !== "")
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export type AlertLink = { label: string; value: string; href: string };

/** Where to look next: the node's page, its replica group's card, its zone's nodes. */
export function alertLinks(labels: Readonly<Record<string, string>>): AlertLink[] {
  const links: AlertLink[] = [];
  if (labels.node) links.push({ label: "node", value: labels.node, href: `/nodes/${encodeURIComponent(labels.node)}` });
  if (labels.group) links.push({ label: "group", value: labels.group, href: `/replica-groups?group=${encodeURIComponent(labels.group)}` });
  if (labels.zone) links.push({ label: "zone", value: labels.zone, href: `/nodes?zone=${encodeURIComponent(labels.zone)}` });
  return links;
}

/** What a root-cause line reads of its cause (lib/alerts/root-cause's `RootCause`, with the alert's annotations). */
export type RootCauseHeadline = {
  kind: "zone" | "monitor";
  zone: string | null;
  alert: { annotations?: Readonly<Record<string, string>> };
  nodes: readonly string[];
};

/** How many nodes a partition took down: the rule's own count (suspects included), else the members' nodes. */
export function rootCauseNodeCount(cause: RootCauseHeadline): number {
  const counted = Number(cause.alert.annotations?.member_count);
  return Number.isInteger(counted) && counted > 0 ? Math.max(counted, cause.nodes.length) : cause.nodes.length;
}

/** `zone eu-1`, but `zone-b` as is: zones are often named `zone-…` already. */
export function zoneName(zone: string): string {
  return /^zone\b/i.test(zone) ? zone : `zone ${zone}`;
}

/** `Zone eu-1 looks partitioned: 17 nodes down`. */
export function rootCauseTitle(cause: RootCauseHeadline): string {
  const count = rootCauseNodeCount(cause);
  const nodes = `${count} node${count === 1 ? "" : "s"} down`;
  if (cause.kind === "monitor" || cause.zone === null) return `Vigil looks partitioned from the fleet: ${nodes}`;
  // An identifier keeps its case (`zone-b looks…`); only the word Vigil adds is capitalised.
  const name = zoneName(cause.zone);
  return `${name === cause.zone ? name : `Zone ${cause.zone}`} looks partitioned: ${nodes}`;
}

/** A recovery freeze as `GET /api/v1/recovery/status` reports it. */
export type FreezeLike = { kind: string; reason: string; until: number | null };
export type RootCauseAction = { text: string; detail: string | null; tone: "frozen" | "none" };

/**
 * What Vigil is doing about a partition, from the recovery planner's freezes: the blast-radius
 * guard freezing destructive recovery is the expected answer; without any freeze, failovers may
 * run on what may be Vigil's own blindness, which the line says too.
 */
export function rootCauseAction(freezes: readonly FreezeLike[] | null): RootCauseAction | null {
  if (freezes === null) return null;
  const blast = freezes.find((freeze) => freeze.kind === "blast-radius");
  if (blast) return { text: blast.until === null ? "recovery frozen (blast radius)" : "recovery frozen (blast radius, lifting)", detail: blast.reason, tone: "frozen" };
  const kill = freezes.find((freeze) => freeze.kind === "kill-switch");
  if (kill) return { text: "recovery off (kill switch)", detail: kill.reason, tone: "frozen" };
  const self = freezes.find((freeze) => freeze.kind === "self-check");
  if (self) return { text: "recovery frozen (Vigil distrusts its own view)", detail: self.reason, tone: "frozen" };
  return { text: "recovery not frozen", detail: "No freeze holds recovery back: failovers for these nodes may run.", tone: "none" };
}
