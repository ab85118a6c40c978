import type { AlertView } from "../protocol/api/alerts";
import type { IncidentView } from "../protocol/api/incidents";
import type { NodeView } from "../protocol/api/nodes";
import type { ProblemCounts, ProblemLine, ProblemsView, ProblemSeverity, VigilHealth } from "../protocol/api/problems";
import type { RecoveryStatus } from "../protocol/api/recovery";
import { groupUnderRootCauses, PARTITION_ALERTNAME, type RootCauseGrouping } from "../alerts/root-cause";
import { blastRadiusBreaches } from "../recovery";

/** The recovery actions the summary needs (a subset of `ActionView`). */
export type ProblemAction = {
  id: string;
  kind: string;
  target: string;
  state: string;
  groupId: string;
  createdAt: number;
  finishedAt: number | null;
  outcome: string | null;
  source: string;
};

export type ProblemsInput = {
  now: number;
  nodes: readonly NodeView[];
  /** Firing alerts (resolved ones are ignored). */
  alerts: readonly AlertView[];
  /** Incidents not resolved. */
  incidents: readonly IncidentView[];
  recovery: Pick<RecoveryStatus, "freezes" | "blocks" | "killSwitch">;
  actions: readonly ProblemAction[];
  health: VigilHealth | null;
};

/** Finished recoveries stay on the list this long. */
export const RECENT_RECOVERY_MS = 15 * 60_000;
/** Blocks that are only a wait (not a decision a human must look at). */
const WAITING_BLOCKS = new Set(["confirming", "plan-in-progress", "frozen"]);
const ACTIVE_ACTION_STATES = new Set(["running", "planned"]);
const FAILED_ACTION_STATES = new Set(["failed", "timed_out"]);
const SEVERITY_ORDER: Record<ProblemSeverity, number> = { critical: 0, warning: 1, info: 2 };
const KIND_ORDER: Record<ProblemLine["kind"], number> = { vigil: 0, partition: 1, freeze: 2, alert: 3, incident: 4, block: 5, recovery: 6 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const q = (value: string) => encodeURIComponent(value);

type Partition = { scope: "zone" | "fleet"; zone: string | null; since: number | null; down: number; total: number };

/**
 * Zones Vigil looks cut off from: a firing `VigilPartitioned{zone}` (the root causes of
 * lib/alerts/root-cause), or the blast-radius criterion the recovery planner freezes on
 * (lib/recovery/guards) seen in the live fleet, so the line appears with the freeze even before
 * (or without) the alert. A whole fleet looking down, or the monitor's own partition alert, is
 * one line for the monitor itself.
 */
function findPartitions(input: ProblemsInput, grouping: RootCauseGrouping<AlertView>): Partition[] {
  const counts = (zone: string | null) => {
    const members = input.nodes.filter((node) => node.state !== "maintenance" && (zone === null || (node.zone ?? "(no zone)") === zone));
    return { down: members.filter(looksDown).length, total: members.length };
  };
  const breaches = blastRadiusBreaches(input.nodes);
  const monitor = grouping.rootCauses.find((cause) => cause.kind === "monitor");
  if (monitor || breaches.some((b) => b.scope === "fleet")) {
    const since = monitor?.alert.startsAt ?? input.recovery.freezes.find((f) => f.kind === "blast-radius")?.since ?? null;
    return [{ scope: "fleet", zone: null, since, ...counts(null) }];
  }
  const byZone = new Map<string, Partition>();
  for (const cause of grouping.rootCauses) {
    if (cause.zone !== null) byZone.set(cause.zone, { scope: "zone", zone: cause.zone, since: cause.alert.startsAt, ...counts(cause.zone) });
  }
  for (const breach of breaches) {
    const zone = breach.scope.replace(/^zone /, "");
    if (!byZone.has(zone)) byZone.set(zone, { scope: "zone", zone, since: null, down: breach.down, total: breach.total });
  }
  return [...byZone.values()].sort((a, b) => (a.zone ?? "").localeCompare(b.zone ?? ""));
}

function looksDown(node: NodeView): boolean {
  return node.state === "down" || (node.state === "suspect" && !node.connected);
}

/** The zone an incident is about: its subject node's, else its group's primary's. */
function incidentZone(incident: IncidentView, zoneOf: Map<string, string | null>): string | null {
  const direct = zoneOf.get(incident.subject);
  if (direct) return direct;
  const detail = incident.detail as { primaryId?: unknown; nodeId?: unknown } | null;
  for (const id of [detail?.primaryId, detail?.nodeId]) if (typeof id === "string" && zoneOf.get(id)) return zoneOf.get(id) ?? null;
  return null;
}

function alertZone(alert: AlertView, zoneOf: Map<string, string | null>): string | null {
  return alert.labels.zone ?? (alert.labels.node ? (zoneOf.get(alert.labels.node) ?? null) : null);
}

/** A node alert without a zone label gets its node's, so a partition covers it too. */
function withZone(alert: AlertView, zoneOf: Map<string, string | null>): AlertView {
  if (alert.labels.zone !== undefined) return alert;
  const zone = alertZone(alert, zoneOf);
  return zone === null ? alert : { ...alert, labels: { ...alert.labels, zone } };
}

/**
 * Data in, ordered problem lines out: Vigil's own health first (it decides whether the rest can
 * be believed), then partitions with every node alert, incident and block of their zone collapsed
 * under them, freezes, critical alerts by rule and zone, incidents by kind, blocks by kind, and
 * recoveries running or finished in the last {@link RECENT_RECOVERY_MS}.
 */
export function summariseProblems(input: ProblemsInput): ProblemsView {
  const { now } = input;
  const zoneOf = new Map(input.nodes.map((node) => [node.id, node.zone]));
  const lines: ProblemLine[] = [];
  const firing = input.alerts.filter((alert) => alert.status === "firing").map((alert) => withZone(alert, zoneOf));
  const grouping = groupUnderRootCauses(firing);
  const partitions = findPartitions(input, grouping);
  /** Alerts shown under a partition's line rather than on their own (by fingerprint). */
  const covered = new Set<string>();
  const partitioned = (zone: string | null) => partitions.some((p) => p.scope === "fleet" || (zone !== null && p.zone === zone));
  const blast = input.recovery.freezes.find((f) => f.kind === "blast-radius") ?? null;
  const killSwitch = input.recovery.freezes.find((f) => f.kind === "kill-switch") ?? null;
  const blocks = input.recovery.blocks.filter((block) => !WAITING_BLOCKS.has(block.kind));

  if (input.health && input.health.conditions.length > 0) {
    const health = input.health;
    const [first, ...rest] = health.conditions;
    lines.push({
      id: "vigil",
      kind: "vigil",
      severity: health.level === "critical" ? "critical" : "warning",
      title: first.message,
      detail: rest.length ? rest.map((c) => c.message).join(" · ") : null,
      doing: health.verdictsReliable ? null : "down/suspect verdicts may be false; recovery distrusts them too",
      href: "/cluster",
      count: health.conditions.length,
      since: null,
      members: [],
    });
  }

  for (const partition of partitions) {
    const inScope = (zone: string | null) => partition.scope === "fleet" || (zone !== null && zone === partition.zone);
    // The alert root cause's own members when the partition alert fires (the Alerts page groups
    // the same way); before it does, the zone's alerts other than recovery's events.
    const causes = grouping.rootCauses.filter((cause) => partition.scope === "fleet" || cause.zone === partition.zone);
    const alerts = causes.length
      ? causes.flatMap((cause) => cause.members)
      : firing.filter((alert) => alert.labels.alertname !== PARTITION_ALERTNAME && alert.labels.category !== "recovery" && inScope(alertZone(alert, zoneOf)));
    for (const alert of alerts) covered.add(alert.fingerprint);
    const incidents = input.incidents.filter((incident) => inScope(incidentZone(incident, zoneOf)));
    const held = blocks.filter((block) => block.nodeId !== null && inScope(zoneOf.get(block.nodeId) ?? null));
    const where = partition.zone === null ? "" : `zone=${q(partition.zone)}&`;
    const members = [
      { label: `${plural(partition.down, "node")} down or unreachable`, count: partition.down, href: `/nodes?${where}state=down,suspect` },
      ...(alerts.length ? [{ label: plural(alerts.length, "alert"), count: alerts.length, href: "/alerts" }] : []),
      ...(incidents.length ? [{ label: plural(incidents.length, "incident"), count: incidents.length, href: "/incidents" }] : []),
      ...(held.length ? [{ label: plural(held.length, "blocked recovery", "blocked recoveries"), count: held.length, href: "/recovery" }] : []),
    ];
    const doing = killSwitch
      ? `recovery frozen by the operator${input.recovery.killSwitch.by ? ` (${input.recovery.killSwitch.by})` : ""}`
      : blast
        ? "recovery frozen: blast radius (no failover, restart or ring removal while the zone looks cut off)"
        : "recovery is about to freeze destructive actions (blast radius)";
    lines.push({
      id: partition.zone === null ? "partition:fleet" : `partition:${partition.zone}`,
      kind: "partition",
      severity: "critical",
      title:
        partition.zone === null
          ? `Vigil looks cut off from the fleet: ${partition.down} of ${partition.total} nodes unreachable at once`
          : `Zone ${partition.zone} looks partitioned: ${partition.down} of ${partition.total} nodes unreachable at once`,
      detail: members.length > 1 ? `collapsed here: ${members.slice(1).map((m) => m.label).join(", ")}` : null,
      doing,
      href: `/nodes?${where}state=down,suspect`,
      count: partition.down,
      since: partition.since ?? blast?.since ?? null,
      members,
    });
  }

  for (const freeze of input.recovery.freezes) {
    if (freeze.kind === "blast-radius" && partitions.length > 0) continue;
    // A freeze whose cause has cleared only waits out its hold: shown, not counted as a problem.
    const lifting = freeze.until !== null && freeze.kind !== "kill-switch";
    const title =
      freeze.kind === "kill-switch"
        ? `Recovery frozen by ${input.recovery.killSwitch.by ?? "an operator"}${input.recovery.killSwitch.reason ? `: ${input.recovery.killSwitch.reason}` : ""}`
        : freeze.kind === "self-check"
          ? "Recovery frozen: Vigil distrusts its own view"
          : lifting
            ? "Blast-radius freeze lifting: the outage has cleared"
            : "Recovery frozen: blast radius";
    lines.push({
      id: `freeze:${freeze.id}`,
      kind: "freeze",
      severity: lifting ? "info" : "warning",
      title,
      detail: freeze.kind === "kill-switch" || lifting ? null : freeze.reason,
      doing: lifting
        ? "destructive recovery stays frozen a while after the outage cleared, in case it comes back"
        : freeze.scope === "all"
          ? "no recovery action runs"
          : "no failover, restart or ring removal runs",
      href: "/recovery",
      count: 1,
      since: freeze.since,
      members: [],
    });
  }

  const alertGroups = new Map<string, AlertView[]>();
  for (const alert of firing) {
    if (alert.labels.severity !== "critical" || alert.labels.alertname === PARTITION_ALERTNAME || covered.has(alert.fingerprint)) continue;
    // Recovery events repeat what the freeze, block and recovery lines say from the live state.
    if (alert.labels.category === "recovery") continue;
    const zone = alertZone(alert, zoneOf);
    const key = `${alert.labels.alertname ?? "alert"}\u0000${zone ?? ""}`;
    pushTo(alertGroups, key, alert);
  }
  for (const [key, alerts] of alertGroups) {
    const [name, zone] = key.split("\u0000");
    const subjects = alerts.map((a) => a.labels.node ?? a.labels.group).filter((s): s is string => Boolean(s));
    lines.push({
      id: `alert:${name}:${zone}`,
      kind: "alert",
      severity: "critical",
      title: `${alerts.length > 1 ? `${alerts.length} × ` : ""}${name}${zone ? ` in zone ${zone}` : ""}`,
      detail: subjects.length ? shortList(subjects) : (alerts[0].annotations.summary ?? null),
      doing: null,
      href: "/alerts",
      count: alerts.length,
      since: earliest(alerts.map((a) => a.startsAt)),
      members: [],
    });
  }

  const incidentGroups = new Map<string, IncidentView[]>();
  for (const incident of input.incidents) {
    if (partitioned(incidentZone(incident, zoneOf))) continue;
    pushTo(incidentGroups, incident.kind, incident);
  }
  for (const [kind, incidents] of incidentGroups) {
    const critical = incidents.some((i) => i.severity === "critical");
    const open = incidents.filter((i) => i.status === "open").length;
    lines.push({
      id: `incident:${kind}`,
      kind: "incident",
      severity: critical && open > 0 ? "critical" : "warning",
      title: incidents.length === 1 ? incidents[0].message : `${incidents.length} ${kind.replace(/_/g, " ")} incidents`,
      detail: incidents.length === 1 ? null : shortList(incidents.map((i) => i.subject)),
      doing: open < incidents.length ? `${plural(incidents.length - open, "incident")} acknowledged` : null,
      href: incidents.length === 1 ? `/incidents?incident=${incidents[0].id}` : "/incidents",
      count: incidents.length,
      since: earliest(incidents.map((i) => i.openedAt)),
      members: [],
    });
  }

  const blockGroups = new Map<string, typeof blocks>();
  for (const block of blocks) {
    if (block.nodeId !== null && partitioned(zoneOf.get(block.nodeId) ?? null)) continue;
    pushTo(blockGroups, block.kind, block);
  }
  for (const [kind, group] of blockGroups) {
    lines.push({
      id: `block:${kind}`,
      kind: "block",
      severity: "warning",
      title: group.length === 1 ? `Recovery blocked (${kind}): ${group[0].reason}` : `${group.length} recoveries blocked: ${kind}`,
      detail: group.length === 1 ? null : group[0].reason,
      doing: group.some((b) => b.acknowledgeable) ? "waiting for a human to acknowledge" : "waiting for the cause to clear",
      href: "/recovery",
      count: group.length,
      since: null,
      members: [],
    });
  }

  // Recovery events stay firing for their rule's hold time after the fact: say why the alert
  // list still counts them, without calling them a problem (the lines above show the live state).
  const events = firing.filter((alert) => alert.labels.category === "recovery" && alert.labels.severity === "critical" && !covered.has(alert.fingerprint));
  if (events.length > 0) {
    lines.push({
      id: "alert:recovery-events",
      kind: "alert",
      severity: "info",
      title: `${plural(events.length, "recovery event alert")} still firing: ${shortList(events.map((a) => a.labels.alertname ?? "alert"))}`,
      detail: "events, not states: each resolves after its rule's hold time",
      doing: null,
      href: "/alerts",
      count: events.length,
      since: earliest(events.map((a) => a.startsAt)),
      members: [],
    });
  }

  const active = input.actions.filter((a) => ACTIVE_ACTION_STATES.has(a.state));
  const recent = input.actions.filter((a) => !ACTIVE_ACTION_STATES.has(a.state) && a.finishedAt !== null && now - a.finishedAt <= RECENT_RECOVERY_MS && a.state !== "cancelled");
  if (active.length > 0) {
    const awaiting = active.filter((a) => a.state === "planned").length;
    lines.push({
      id: "recovery:running",
      kind: "recovery",
      severity: "info",
      title: active.length === 1 ? `Recovery ${describeAction(active[0])} ${active[0].state === "planned" ? "awaits approval" : "running"}` : `${active.length} recovery actions in progress`,
      detail: active.length === 1 ? null : shortList(active.map(describeAction)),
      doing: awaiting > 0 ? `${plural(awaiting, "action")} waiting for approval` : "running",
      href: "/recovery",
      count: active.length,
      since: earliest(active.map((a) => a.createdAt)),
      members: [],
    });
  }
  const failed = recent.filter((a) => FAILED_ACTION_STATES.has(a.state));
  const others = recent.filter((a) => !FAILED_ACTION_STATES.has(a.state));
  const finishedLine = (id: string, severity: ProblemSeverity, finished: ProblemAction[], manyTitle: string) => {
    if (finished.length === 0) return;
    const [only] = finished;
    lines.push({
      id,
      kind: "recovery",
      severity,
      title: finished.length === 1 ? `Recovery ${describeAction(only)} ${only.state.replace("_", " ")}` : `${finished.length} ${manyTitle}`,
      detail: finished.length === 1 ? only.outcome : shortList(finished.map(describeAction)),
      doing: null,
      href: "/recovery",
      count: finished.length,
      since: earliest(finished.map((a) => a.finishedAt ?? a.createdAt)),
      members: [],
    });
  };
  finishedLine("recovery:failed", "warning", failed, "recovery actions failed in the last 15 minutes");
  finishedLine("recovery:recent", "info", others, "recovery actions finished in the last 15 minutes");

  lines.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
  const counts: ProblemCounts = {
    incidents: input.incidents.length,
    criticalAlerts: firing.filter((a) => a.labels.severity === "critical").length,
    held: input.recovery.freezes.filter((f) => f.kind === "kill-switch" || f.until === null).length + blocks.length,
    recoveries: active.length,
  };
  return { at: now, allClear: !lines.some((line) => line.severity !== "info"), lines, counts, health: input.health };
}

/** Math.min(...list) overflows the stack past ~100,000 items; a fleet's alerts can get there. */
function earliest(times: readonly number[]): number {
  return times.reduce((min, t) => (t < min ? t : min), Number.POSITIVE_INFINITY);
}

function pushTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

function describeAction(action: ProblemAction): string {
  return `${action.kind} ${action.target}`;
}

function shortList(items: readonly string[], max = 3): string {
  const unique = [...new Set(items)].sort();
  return unique.length <= max ? unique.join(", ") : `${unique.slice(0, max).join(", ")} and ${unique.length - max} more`;
}
