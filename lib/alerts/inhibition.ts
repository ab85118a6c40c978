import { z } from "zod";
import type { Alert } from "./alert";
import { labelNameSchema, matchesAll, matcherSchema, type MatcherInput } from "./matchers";

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

/**
 * The built-in rules. Both require the `equal` label on the target, because an absent label on
 * both sides would otherwise be "equal" and a node alert would mute fleet-wide ones.
 * - A down node's own metric, log and load alerts are noise: the cause is already paging.
 * - When Vigil itself looks cut off from a zone, the NodeDown pages for that zone are most
 *   likely false (the monitor is the one partitioned); the partition alert pages instead.
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
    id: "partition-mutes-node-down",
    sourceMatchers: [{ name: "alertname", value: "VigilPartitioned" }],
    targetMatchers: [
      { name: "alertname", value: "NodeDown" },
      { name: "zone", value: ".+", isRegex: true },
    ],
    equal: ["zone"],
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
