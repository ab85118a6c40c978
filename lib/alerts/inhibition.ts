import { z } from "zod";
import type { Alert } from "./alert";
import { labelNameSchema, matchesAll, matcherSchema, type MatcherInput } from "./matchers";
import { BLAST_RADIUS_FREEZE, PARTITION_ALERTNAME, ROOT_CAUSE_COVERED_CATEGORIES } from "./root-cause";

/**
 * Alertmanager inhibition: while a firing alert matches `sourceMatchers`, every alert matching
 * `targetMatchers` whose `equal` labels have the same values as the source's is muted. A label
 * missing on both sides counts as equal (as in Alertmanager), so `equal: ["node"]` never lets a
 * node alert inhibit a fleet-wide one unless that also lacks `node` - see the defaults below.
 */
export const inhibitRuleSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  sourceMatchers: z.array(matcherSchema).min(1).max(32),
  targetMatchers: z.array(matcherSchema).min(1).max(32),
  equal: z.array(labelNameSchema).max(32).default([]),
});
export type InhibitRule = z.infer<typeof inhibitRuleSchema>;
export type InhibitRuleInput = {
  id?: string;
  sourceMatchers: MatcherInput[];
  targetMatchers: MatcherInput[];
  equal?: string[];
};

const COVERED_CATEGORIES = ROOT_CAUSE_COVERED_CATEGORIES.join("|");

/**
 * The built-in rules, in addition to any an operator defines. Each requires the `equal` label on
 * the target, because an absent label on both sides would otherwise be "equal" and a node alert
 * would mute fleet-wide ones.
 * - A down node's own metric, log and load alerts are noise: the cause is already paging.
 * - One root cause, one page (./root-cause says the same for the UI): while Vigil looks cut off
 *   from a zone, that zone's node, replication, agent, metric, log and load alerts are most
 *   likely symptoms (or false: the monitor may be the one partitioned); the `VigilPartitioned`
 *   alert pages instead and lists the nodes. When it resolves, alerts still firing page on their
 *   own at the next flush (they were never told, see ./routing).
 * - While the monitor itself looks partitioned (`VigilPartitioned` without a zone), the same
 *   alerts of every zone, and the zones' own partitions, wait under it.
 * - The blast-radius freeze is what Vigil does about a partition: it is said on the partition's
 *   line, not paged apart.
 */
export const DEFAULT_INHIBIT_RULES: InhibitRuleInput[] = [
  {
    id: "node-down-mutes-node-symptoms",
    sourceMatchers: [{ name: "alertname", value: "NodeDown" }],
    targetMatchers: [
      { name: "category", value: "metric|log|load", isRegex: true },
      { name: "node", value: ".+", isRegex: true },
    ],
    equal: ["node"],
  },
  {
    id: "partition-mutes-zone-alerts",
    sourceMatchers: [
      { name: "alertname", value: PARTITION_ALERTNAME },
      { name: "zone", value: ".+", isRegex: true },
    ],
    targetMatchers: [
      { name: "category", value: COVERED_CATEGORIES, isRegex: true },
      { name: "zone", value: ".+", isRegex: true },
    ],
    equal: ["zone"],
  },
  {
    id: "monitor-partition-mutes-node-alerts",
    sourceMatchers: [
      { name: "alertname", value: PARTITION_ALERTNAME },
      { name: "zone", value: "" },
    ],
    targetMatchers: [{ name: "category", value: COVERED_CATEGORIES, isRegex: true }],
  },
  {
    id: "monitor-partition-mutes-zone-partitions",
    sourceMatchers: [
      { name: "alertname", value: PARTITION_ALERTNAME },
      { name: "zone", value: "" },
    ],
    targetMatchers: [
      { name: "alertname", value: PARTITION_ALERTNAME },
      { name: "zone", value: ".+", isRegex: true },
    ],
  },
  {
    id: "partition-mutes-blast-radius-freeze",
    sourceMatchers: [{ name: "alertname", value: PARTITION_ALERTNAME }],
    targetMatchers: [
      { name: "alertname", value: BLAST_RADIUS_FREEZE.alertname },
      { name: "freeze", value: BLAST_RADIUS_FREEZE.freeze },
    ],
  },
];

function equalKey(names: readonly string[], alert: Alert): string {
  return JSON.stringify(names.map((name) => alert.labels[name] ?? ""));
}

/**
 * For each inhibited alert, the fingerprints of the alerts inhibiting it. Only firing alerts
 * inhibit (silenced ones too: a silence mutes a notification, it does not make the cause go
 * away), and an alert never inhibits itself. Sources are indexed by their `equal` values so a
 * thousand down nodes cost a thousand lookups, not a million comparisons.
 */
export function inhibitedBy(alerts: readonly Alert[], rules: readonly InhibitRuleInput[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rule of rules) {
    const equal = rule.equal ?? [];
    const sources = new Map<string, string[]>();
    for (const alert of alerts) {
      if (alert.status !== "firing" || !matchesAll(rule.sourceMatchers, alert.labels)) continue;
      const key = equalKey(equal, alert);
      const list = sources.get(key) ?? [];
      // Two are enough: the first one other than the target itself is the answer.
      if (list.length < 2) list.push(alert.fingerprint);
      sources.set(key, list);
    }
    if (sources.size === 0) continue;
    for (const target of alerts) {
      if (!matchesAll(rule.targetMatchers, target.labels)) continue;
      const source = sources.get(equalKey(equal, target))?.find((fp) => fp !== target.fingerprint);
      if (!source) continue;
      const list = out.get(target.fingerprint) ?? [];
      if (!list.includes(source)) list.push(source);
      out.set(target.fingerprint, list);
    }
  }
  return out;
}

export function isInhibited(alert: Alert, alerts: readonly Alert[], rules: readonly InhibitRuleInput[]): boolean {
  return inhibitedBy(alerts, rules).has(alert.fingerprint);
}
