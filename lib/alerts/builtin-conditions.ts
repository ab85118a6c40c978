import type { NodeView } from "../protocol/views";
import type { IncidentView } from "../protocol/api/incidents";
import { cleanLabels } from "./alert";
import { formatNumber, nodeURL, type AlertCategory, type Condition } from "./conditions";
import { partitionNodesURL, summariseMembers } from "./root-cause";
import type { BuiltinRuleName, BuiltinRules } from "./rules";

/** A node the latest load grouping flagged as an outlier. */
export type LoadOutlierInput = { nodeId: string; loadGroup: string; metrics: string[] };
/** The hottest load group's share of the fleet (null when there is no grouping yet). */
export type HotShareInput = { loadGroup: string; members: number; total: number };
/** A connected agent whose acknowledged placement epoch is older than the ring's. */
export type AgentBehindInput = { nodeId: string; agentEpoch: number | null; ringEpoch: number };
/**
 * Vigil looks cut off from a zone (a large share of it went down at once), or with `zone: null`
 * from the whole fleet (the monitor itself looks partitioned). See ./partitions.
 */
export type PartitionInput = {
  zone: string | null;
  downShare: number;
  since?: number;
  /** The nodes that look down, sorted: listed (capped) in the alert, so one page names them all. */
  members?: readonly string[];
  total?: number;
};
export const RECOVERY_EVENT_KINDS = ["blocked", "frozen", "failed", "escalated", "failover_completed"] as const;
export type RecoveryEventKind = (typeof RECOVERY_EVENT_KINDS)[number];
/** A recovery outcome worth telling a human; recent ones only (older than the hold are ignored). */
export type RecoveryEventInput = {
  kind: RecoveryEventKind;
  at: number;
  message: string;
  node?: string | null;
  group?: string | null;
  zone?: string | null;
};

/**
 * A freeze the recovery planner holds right now. Freezes are states, not events: the alert fires
 * while the freeze lasts and resolves when it lifts, so an alert never outlives the freeze the
 * Recovery page shows. `self-check` (start grace, stall, clock jump, ingest backlog) is Vigil
 * doubting itself, a warning of its own rule; `kill-switch` and `blast-radius` are RecoveryFrozen.
 */
export type FreezeInput = {
  kind: "kill-switch" | "self-check" | "blast-radius";
  reason: string;
  since: number;
  /** When it lifts by itself; a blast-radius freeze gets one once its outage has cleared. */
  until?: number | null;
};

export type BuiltinInput = {
  now: number;
  nodes: readonly NodeView[];
  incidents: readonly IncidentView[];
  outliers: readonly LoadOutlierInput[];
  hotShare: HotShareInput | null;
  agentsBehind: readonly AgentBehindInput[];
  recoveryEvents: readonly RecoveryEventInput[];
  partitions: readonly PartitionInput[];
  freezes: readonly FreezeInput[];
};

type Where = { node?: string | null; zone?: string | null; group?: string | null };

function labelsFor(rules: BuiltinRules, name: BuiltinRuleName, category: AlertCategory, where: Where) {
  return cleanLabels({ alertname: name, severity: rules[name].severity, category, node: where.node, zone: where.zone, group: where.group });
}

function nodeWhere(node: NodeView): Where {
  return { node: node.id, zone: node.zone, group: node.group };
}

function nodeConditions(input: BuiltinInput, rules: BuiltinRules): Condition[] {
  const out: Condition[] = [];
  for (const node of input.nodes) {
    const generatorURL = nodeURL(node.id);
    if (node.state === "down" && rules.NodeDown.enabled) {
      out.push({
        labels: labelsFor(rules, "NodeDown", "node", nodeWhere(node)),
        annotations: { summary: `Node ${node.id} is down`, description: node.stateReason ?? "no heartbeats" },
        forMs: rules.NodeDown.forSeconds * 1000,
        since: node.stateSince,
        generatorURL,
      });
    }
    if (node.state === "suspect" && rules.NodeSuspectTooLong.enabled) {
      out.push({
        labels: labelsFor(rules, "NodeSuspectTooLong", "node", nodeWhere(node)),
        annotations: { summary: `Node ${node.id} has been suspect for over ${rules.NodeSuspectTooLong.forSeconds} s`, phi: formatNumber(node.phi) },
        forMs: rules.NodeSuspectTooLong.forSeconds * 1000,
        since: node.stateSince,
        generatorURL,
      });
    }
  }
  return out;
}

type IncidentRuleName = "GroupWithoutPrimary" | "SplitBrain" | "ReplicationLag" | "ReplicaLinkDown";
const INCIDENT_RULES: Record<string, IncidentRuleName | undefined> = {
  no_healthy_primary: "GroupWithoutPrimary",
  split_brain: "SplitBrain",
  replication_lag: "ReplicationLag",
  replica_link_down: "ReplicaLinkDown",
};
/** Per-replica problems name the replica as subject; the others name the group. */
const PER_REPLICA = new Set(["replication_lag", "replica_link_down"]);

/**
 * The group a replication incident is about, from its key (`replication:<kind>:group=<id>...`);
 * an implicit group of one is keyed `node=<id>` and has no group label.
 */
function groupFromKey(key: string): string | null {
  const match = /(?:^|:)group=([^:]*)/.exec(key);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function primaryOf(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || !("primaryId" in detail)) return null;
  return typeof detail.primaryId === "string" ? detail.primaryId : null;
}

function incidentConditions(input: BuiltinInput, rules: BuiltinRules, nodesById: Map<string, NodeView>): Condition[] {
  const out: Condition[] = [];
  for (const incident of input.incidents) {
    if (incident.status === "resolved") continue;
    const name = INCIDENT_RULES[incident.kind];
    if (!name || !rules[name].enabled) continue;
    const group = groupFromKey(incident.key);
    const nodeId = PER_REPLICA.has(incident.kind) || group === null ? incident.subject : null;
    // A group-wide problem takes its primary's zone, so a partition of that zone covers it.
    const node = nodesById.get(nodeId ?? primaryOf(incident.detail) ?? "");
    out.push({
      labels: labelsFor(rules, name, "replication", { node: nodeId, zone: node?.zone, group: group ?? node?.group }),
      annotations: { summary: incident.message, incident: String(incident.id) },
      forMs: rules[name].forSeconds * 1000,
      since: incident.openedAt,
      generatorURL: nodeId === null ? undefined : nodeURL(nodeId),
    });
  }
  return out;
}

function loadConditions(input: BuiltinInput, rules: BuiltinRules, nodesById: Map<string, NodeView>): Condition[] {
  const out: Condition[] = [];
  if (rules.LoadOutlier.enabled) {
    for (const outlier of input.outliers) {
      const node = nodesById.get(outlier.nodeId);
      out.push({
        labels: labelsFor(rules, "LoadOutlier", "load", { node: outlier.nodeId, zone: node?.zone, group: node?.group }),
        annotations: {
          summary: `Node ${outlier.nodeId} is a load outlier of group ${outlier.loadGroup}`,
          load_group: outlier.loadGroup,
          metrics: outlier.metrics.join(", "),
        },
        forMs: rules.LoadOutlier.forSeconds * 1000,
        generatorURL: nodeURL(outlier.nodeId),
      });
    }
  }
  const hot = input.hotShare;
  const hotRule = rules.HotGroupShare;
  // The hottest group's name is an annotation, not a label: a renamed group is the same problem.
  if (hot && hot.total > 0 && hotRule.enabled && hot.members / hot.total > hotRule.maxShare) {
    const share = hot.members / hot.total;
    out.push({
      labels: labelsFor(rules, "HotGroupShare", "load", {}),
      annotations: {
        summary: `${hot.members} of ${hot.total} nodes (${Math.round(share * 100)}%) are in the hottest load group ${hot.loadGroup}`,
        load_group: hot.loadGroup,
        share: formatNumber(share),
        threshold: formatNumber(hotRule.maxShare),
      },
      forMs: hotRule.forSeconds * 1000,
    });
  }
  return out;
}

function agentConditions(input: BuiltinInput, rules: BuiltinRules, nodesById: Map<string, NodeView>): Condition[] {
  if (!rules.AgentStaleRingEpoch.enabled) return [];
  return input.agentsBehind.map((agent) => {
    const node = nodesById.get(agent.nodeId);
    return {
      labels: labelsFor(rules, "AgentStaleRingEpoch", "agent", { node: agent.nodeId, zone: node?.zone, group: node?.group }),
      annotations: {
        summary: `Agent ${agent.nodeId} holds ring epoch ${agent.agentEpoch ?? "none"}, the ring is at ${agent.ringEpoch}`,
      },
      forMs: rules.AgentStaleRingEpoch.forSeconds * 1000,
      generatorURL: nodeURL(agent.nodeId),
    };
  });
}

function partitionConditions(input: BuiltinInput, rules: BuiltinRules): Condition[] {
  if (!rules.VigilPartitioned.enabled) return [];
  return input.partitions.map((partition) => {
    const members = partition.members ?? [];
    const where = partition.zone === null ? "the whole fleet" : `zone ${partition.zone}`;
    const counted = partition.total === undefined ? "" : `${members.length} of ${partition.total} nodes, `;
    // The node alerts of these members are inhibited (./inhibition): this one page names them.
    const annotations: Record<string, string> = {
      summary: `Vigil looks cut off from ${where} (${counted}${Math.round(partition.downShare * 100)}% down at once)`,
      description: `Their own NodeDown and replication alerts are held back while this fires; recovery's blast-radius guard freezes destructive actions.`,
      nodes_url: partitionNodesURL(partition.zone),
    };
    if (members.length) {
      annotations.members = summariseMembers(members);
      annotations.member_count = String(members.length);
    }
    return {
      labels: labelsFor(rules, "VigilPartitioned", "fleet", { zone: partition.zone }),
      annotations,
      forMs: rules.VigilPartitioned.forSeconds * 1000,
      since: partition.since,
      generatorURL: partitionNodesURL(partition.zone),
    };
  });
}

type RecoveryRuleName = "RecoveryBlocked" | "RecoveryFailed" | "RecoveryEscalated" | "FailoverCompleted";
/** "frozen" events are not alerted on: the freeze itself is (see {@link freezeConditions}). */
const RECOVERY_RULES: Record<Exclude<RecoveryEventKind, "frozen">, RecoveryRuleName> = {
  blocked: "RecoveryBlocked",
  failed: "RecoveryFailed",
  escalated: "RecoveryEscalated",
  failover_completed: "FailoverCompleted",
};

/**
 * Recovery outcomes are events, not states: each stays firing for the rule's hold time after it
 * happened, then resolves. Events with the same labels are one alert, the latest one describing it.
 */
function recoveryConditions(input: BuiltinInput, rules: BuiltinRules): Condition[] {
  const latest = [...input.recoveryEvents].sort((a, b) => b.at - a.at);
  const out: Condition[] = [];
  for (const event of latest) {
    if (event.kind === "frozen") continue;
    const name = RECOVERY_RULES[event.kind];
    const rule = rules[name];
    if (!rule.enabled || event.at > input.now || input.now - event.at >= rule.holdSeconds * 1000) continue;
    out.push({
      labels: labelsFor(rules, name, "recovery", { node: event.node, zone: event.zone, group: event.group }),
      annotations: { summary: event.message, at: new Date(event.at).toISOString() },
      forMs: 0,
      since: event.at,
      generatorURL: event.node ? nodeURL(event.node) : undefined,
    });
  }
  return out;
}

/**
 * One alert per kind of freeze while it lasts. The self-check freeze's id changes every time its
 * end moves (a backlog renews it each tick), so the labels carry the kind only: one alert, not one
 * per renewal, and it resolves the round the freeze lifts instead of after a 30-minute hold.
 */
function freezeConditions(input: BuiltinInput, rules: BuiltinRules): Condition[] {
  const out: Condition[] = [];
  const seen = new Set<string>();
  for (const freeze of input.freezes) {
    // The outage behind a blast-radius freeze is over once it counts down to lifting: its last
    // minute is shown on the Recovery page, but paging for it would be a page without a reason.
    if (freeze.kind === "blast-radius" && freeze.until != null) continue;
    if (seen.has(freeze.kind)) continue;
    seen.add(freeze.kind);
    const name = freeze.kind === "self-check" ? "RecoveryFrozenSelfCheck" : "RecoveryFrozen";
    const rule = rules[name];
    if (!rule.enabled) continue;
    out.push({
      labels: cleanLabels({ alertname: name, severity: rule.severity, category: "recovery", freeze: freeze.kind }),
      annotations: { summary: freeze.reason },
      forMs: rule.forSeconds * 1000,
      since: Math.min(freeze.since, input.now),
    });
  }
  return out;
}

/** Every condition the built-in rules see in the input. */
export function builtinConditions(input: BuiltinInput, rules: BuiltinRules, nodesById: Map<string, NodeView>): Condition[] {
  return [
    ...nodeConditions(input, rules),
    ...incidentConditions(input, rules, nodesById),
    ...loadConditions(input, rules, nodesById),
    ...agentConditions(input, rules, nodesById),
    ...partitionConditions(input, rules),
    ...recoveryConditions(input, rules),
    ...freezeConditions(input, rules),
  ];
}
