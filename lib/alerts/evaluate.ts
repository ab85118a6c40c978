import type { NodeView } from "../protocol/views";
import type { IncidentView } from "../protocol/api/incidents";
import { fingerprint, type Alert, type Labels } from "./alert";
import { builtinConditions, type AgentBehindInput, type HotShareInput, type LoadOutlierInput, type FreezeInput, type PartitionInput, type RecoveryEventInput } from "./builtin-conditions";
import type { Condition } from "./conditions";
import { logConditions, metricConditions } from "./custom-conditions";
import type { LogCount } from "./log-rules";
import type { AlertRules } from "./rules";

/** One condition the evaluator remembers between calls: pending (firingSince null) or firing. */
export type EvaluatorEntry = {
  labels: Labels;
  annotations: Record<string, string>;
  generatorURL?: string;
  pendingSince: number;
  firingSince: number | null;
};

/** Plain JSON: persist it to survive a restart, or start from `emptyEvaluatorState()`. */
export type EvaluatorState = { version: 1; entries: Record<string, EvaluatorEntry> };

export function emptyEvaluatorState(): EvaluatorState {
  return { version: 1, entries: {} };
}

export type EvaluateInput = {
  now: number;
  nodes: readonly NodeView[];
  incidents: readonly IncidentView[];
  outliers: readonly LoadOutlierInput[];
  hotShare: HotShareInput | null;
  agentsBehind: readonly AgentBehindInput[];
  recoveryEvents: readonly RecoveryEventInput[];
  /** Zones Vigil looks cut off from; the source of `VigilPartitioned`. Optional until detection reports it. */
  partitions?: readonly PartitionInput[];
  /** Freezes the recovery planner holds now; the source of `RecoveryFrozen` and `RecoveryFrozenSelfCheck`. */
  freezes?: readonly FreezeInput[];
  logCounts: readonly LogCount[];
  /** Parsed with `alertRulesSchema` (or `defaultAlertRules()`). */
  rules: AlertRules;
  previous: EvaluatorState;
};

export type PendingAlert = { fingerprint: string; labels: Labels; pendingSince: number; firesAt: number };

export type EvaluateResult = {
  /** Every firing alert, plus the ones resolved by this call (status resolved, endsAt = now). */
  alerts: Alert[];
  /** Conditions waiting out their `for`: shown in the UI, never notified. */
  pending: PendingAlert[];
  state: EvaluatorState;
};

function allConditions(input: EvaluateInput): Condition[] {
  const nodesById = new Map(input.nodes.map((node) => [node.id, node]));
  const builtin = builtinConditions({ ...input, partitions: input.partitions ?? [], freezes: input.freezes ?? [] }, input.rules.builtin, nodesById);
  return [...builtin, ...metricConditions(input.rules.metric, input.nodes), ...logConditions(input.rules.log, input.logCounts, nodesById)];
}

function toAlert(fp: string, entry: EvaluatorEntry, startsAt: number): Alert {
  const alert: Alert = { fingerprint: fp, labels: entry.labels, annotations: entry.annotations, startsAt, endsAt: null, status: "firing" };
  if (entry.generatorURL !== undefined) alert.generatorURL = entry.generatorURL;
  return alert;
}

/**
 * Prometheus rule semantics over Vigil's live data. A condition seen for the first time is
 * pending since then (or since its own `since`, when the data knows it started earlier, e.g. a
 * node's stateSince); it fires once it has held `for`, with startsAt = pendingSince + for. A
 * pending condition that disappears is forgotten (the `for` restarts); a firing one that
 * disappears is returned once as resolved with endsAt = now, then forgotten.
 */
export function evaluateAlerts(input: EvaluateInput): EvaluateResult {
  const { now } = input;
  const entries: Record<string, EvaluatorEntry> = {};
  const alerts: Alert[] = [];
  const pending: PendingAlert[] = [];
  for (const condition of allConditions(input)) {
    const fp = fingerprint(condition.labels);
    // Several sources may report the same labels (two incidents of one group): the first wins.
    if (entries[fp]) continue;
    const previous = input.previous.entries[fp];
    const pendingSince = Math.min(previous?.pendingSince ?? now, condition.since ?? now, now);
    const firesAt = pendingSince + condition.forMs;
    const firing = previous?.firingSince ?? (firesAt <= now ? firesAt : null);
    const entry: EvaluatorEntry = { labels: condition.labels, annotations: condition.annotations, pendingSince, firingSince: firing };
    if (condition.generatorURL !== undefined) entry.generatorURL = condition.generatorURL;
    entries[fp] = entry;
    if (firing === null) pending.push({ fingerprint: fp, labels: condition.labels, pendingSince, firesAt });
    else alerts.push(toAlert(fp, entry, firing));
  }
  for (const [fp, entry] of Object.entries(input.previous.entries)) {
    if (entries[fp] || entry.firingSince === null) continue;
    alerts.push({ ...toAlert(fp, entry, entry.firingSince), status: "resolved", endsAt: now });
  }
  alerts.sort(byName);
  pending.sort(byName);
  return { alerts, pending, state: { version: 1, entries } };
}

/** Plain code-unit order, not localeCompare: the output must not depend on the host's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { labels: Labels; fingerprint: string }, b: { labels: Labels; fingerprint: string }): number {
  return compareText(a.labels.alertname ?? "", b.labels.alertname ?? "") || compareText(a.fingerprint, b.fingerprint);
}
