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
