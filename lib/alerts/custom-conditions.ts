import { METRIC_NAMES, type MetricName, type NodeView } from "../protocol/views";
import { cleanLabels } from "./alert";
import { formatNumber, nodeURL, type Condition } from "./conditions";
import type { LogCount } from "./log-rules";
import type { LogRule, MetricRule, RuleScope } from "./rules";

export function inScope(scope: RuleScope | undefined, node: NodeView | undefined): boolean {
  if (!scope) return true;
  if (!node) return false;
  if (scope.zone !== undefined && node.zone !== scope.zone) return false;
  if (scope.group !== undefined && node.group !== scope.group) return false;
  for (const [name, value] of Object.entries(scope.labels ?? {})) if (node.labels[name] !== value) return false;
  return true;
}

const STANDARD = new Set<string>(METRIC_NAMES);

/** The node's latest value of a heartbeat metric or custom gauge; null when it has none. */
export function metricValue(node: NodeView, metric: string): number | null {
  if (!node.metrics) return null;
  const value = STANDARD.has(metric) ? node.metrics[metric as MetricName] : node.metrics.custom?.[metric];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function compare(value: number, op: MetricRule["op"], threshold: number): boolean {
  if (op === ">") return value > threshold;
  if (op === "<") return value < threshold;
  if (op === ">=") return value >= threshold;
  return value <= threshold;
}

/**
 * Threshold rules per node. A down node is skipped: its last sample is frozen, not current, so
 * its metric alerts resolve (as a Prometheus series goes stale) and NodeDown speaks for it. A
 * missing value is "no data", which resets a pending `for` like Prometheus does.
 */
export function metricConditions(rules: readonly MetricRule[], nodes: readonly NodeView[]): Condition[] {
  const out: Condition[] = [];
  for (const rule of rules) {
    for (const node of nodes) {
      if (node.state === "down" || !inScope(rule.scope, node)) continue;
      const value = metricValue(node, rule.metric);
      if (value === null || !compare(value, rule.op, rule.threshold)) continue;
      out.push({
        labels: cleanLabels({ alertname: rule.name, severity: rule.severity, category: "metric", node: node.id, zone: node.zone, group: node.group }),
        annotations: {
          summary: `${rule.metric} on ${node.id} is ${formatNumber(value)} (${rule.op} ${formatNumber(rule.threshold)})`,
          value: formatNumber(value),
          threshold: formatNumber(rule.threshold),
        },
        forMs: rule.forSeconds * 1000,
        generatorURL: nodeURL(node.id),
      });
    }
  }
  return out;
}

/** Log pattern rules: the caller counted matches per node over the rule's window. */
export function logConditions(rules: readonly LogRule[], counts: readonly LogCount[], nodesById: Map<string, NodeView>): Condition[] {
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const out: Condition[] = [];
  for (const { ruleName, nodeId, count } of counts) {
    const rule = byName.get(ruleName);
    if (!rule || count < rule.threshold) continue;
    const node = nodesById.get(nodeId);
    if (!inScope(rule.scope, node)) continue;
    out.push({
      labels: cleanLabels({ alertname: rule.name, severity: rule.severity, category: "log", node: nodeId, zone: node?.zone, group: node?.group }),
      annotations: {
        summary: `${count} log lines on ${nodeId} matched /${rule.pattern}/ within ${rule.windowSeconds} s`,
        count: String(count),
        threshold: String(rule.threshold),
      },
      forMs: 0,
      generatorURL: nodeURL(nodeId),
    });
  }
  return out;
}
