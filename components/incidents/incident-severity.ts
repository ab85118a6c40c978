import type { IncidentSeverity } from "@/lib/protocol/api/incidents";

/**
 * The one place incident-severity colours live: critical is red, warning amber, info blue,
 * the same hues as a down, suspect and maintenance node, so "red = act now" holds everywhere.
 */
export type SeverityStyle = { label: string; hex: string; badge: string; text: string; border: string; rank: number };

export const SEVERITY_STYLES: Record<IncidentSeverity, SeverityStyle> = {
  critical: {
    label: "Critical",
    hex: "#ef4444",
    badge: "bg-red-500/20 text-red-300 ring-1 ring-inset ring-red-500/50",
    text: "text-red-300",
    border: "border-red-500/60",
    rank: 3,
  },
  warning: {
    label: "Warning",
    hex: "#f59e0b",
    badge: "bg-amber-500/15 text-amber-300 ring-1 ring-inset ring-amber-500/40",
    text: "text-amber-300",
    border: "border-amber-500/50",
    rank: 2,
  },
  info: {
    label: "Info",
    hex: "#3b82f6",
    badge: "bg-blue-500/15 text-blue-300 ring-1 ring-inset ring-blue-500/40",
    text: "text-blue-300",
    border: "border-blue-500/40",
    rank: 1,
  },
};

/** Unknown severities (a newer server) read as info rather than crash the page. */
export function severityStyle(severity: string): SeverityStyle {
  return severity in SEVERITY_STYLES ? SEVERITY_STYLES[severity as IncidentSeverity] : SEVERITY_STYLES.info;
}

/** Worst first, then newest first: the order an operator triages in. */
export function compareBySeverityThenAge(
  a: { severity: string; openedAt: number; id: number },
  b: { severity: string; openedAt: number; id: number },
): number {
  return severityStyle(b.severity).rank - severityStyle(a.severity).rank || b.openedAt - a.openedAt || b.id - a.id;
}

/** The worst severity among some problems or incidents, or null when there are none. */
export function worstSeverity(items: readonly { severity: string }[]): IncidentSeverity | null {
  let worst: IncidentSeverity | null = null;
  for (const item of items) {
    const style = severityStyle(item.severity);
    if (!worst || style.rank > SEVERITY_STYLES[worst].rank) worst = (item.severity in SEVERITY_STYLES ? item.severity : "info") as IncidentSeverity;
  }
  return worst;
}

/** What an incident is about, to link to: a replica group's card or a node's page. */
export type IncidentTarget = { kind: "group" | "node"; id: string };

const REPLICATION_KEY = /^replication:[a-z_]+:(group|node)=([^:]+)(?::(.+))?$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Replication incident keys are `replication:<kind>:group=<id>` (or `node=<id>` for a node
 * without a declared group), plus `:<node id>` for a problem of one replica. Anything else is
 * taken to be about the node its subject names.
 */
export function incidentTarget(incident: { key: string; subject: string }): IncidentTarget {
  const match = REPLICATION_KEY.exec(incident.key);
  if (!match) return { kind: "node", id: incident.subject };
  const [, namespace, groupId, replicaId] = match;
  if (replicaId !== undefined) return { kind: "node", id: decode(replicaId) };
  if (namespace === "node") return { kind: "node", id: decode(groupId) };
  return { kind: "group", id: decode(groupId) };
}

export function incidentTargetHref(target: IncidentTarget): string {
  return target.kind === "group" ? `/replica-groups?group=${encodeURIComponent(target.id)}` : `/nodes/${encodeURIComponent(target.id)}`;
}

/** "no_healthy_primary" → "No healthy primary". */
export function humanizeKind(kind: string): string {
  const words = kind.replace(/[_-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}
