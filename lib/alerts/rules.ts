import { z } from "zod";
import { logLevelSchema } from "../protocol/common";
import { alertSeveritySchema, type AlertSeverity } from "./alert";
import { labelNameSchema, MAX_REGEX_LENGTH } from "./matchers";
import { patternProblem } from "./pattern";

/** Longest `for` / window we accept: a day. Longer is a ticket, not an alert. */
const MAX_SECONDS = 86_400;
const seconds = z.number().min(0).max(MAX_SECONDS);

/** Alert names follow Prometheus' alertname conventions (CamelCase by habit, no spaces). */
export const ruleNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "rule names use letters, digits and _ and start with a letter");

function toggle(severity: AlertSeverity, forSeconds = 0) {
  return z.object({
    enabled: z.boolean().default(true),
    severity: alertSeveritySchema.default(severity),
    /** How long the condition must hold before the alert fires (Prometheus `for`). */
    forSeconds: seconds.default(forSeconds),
  });
}

/** Event alerts (recovery outcomes) have no condition that clears: they stay firing this long. */
function eventToggle(severity: AlertSeverity, holdSeconds = 1800) {
  return z.object({
    enabled: z.boolean().default(true),
    severity: alertSeveritySchema.default(severity),
    holdSeconds: seconds.min(1).default(holdSeconds),
  });
}

// `prefault({})` (not `default({})`): zod 4 returns a default as is, so only a prefault runs the
// inner defaults and an omitted rule gets its full configuration.
export const builtinRulesSchema = z.object({
  NodeDown: toggle("critical").prefault({}),
  /** `forSeconds` counts from the node's own `stateSince`, so it survives a Vigil restart. */
  NodeSuspectTooLong: toggle("warning", 60).prefault({}),
  GroupWithoutPrimary: toggle("critical").prefault({}),
  SplitBrain: toggle("critical").prefault({}),
  ReplicationLag: toggle("warning").prefault({}),
  ReplicaLinkDown: toggle("warning").prefault({}),
  LoadOutlier: toggle("info").prefault({}),
  HotGroupShare: toggle("warning", 300)
    .extend({ maxShare: z.number().gt(0).max(1).default(0.5) })
    .prefault({}),
  AgentStaleRingEpoch: toggle("warning", 60).prefault({}),
  VigilPartitioned: toggle("critical").prefault({}),
  RecoveryBlocked: eventToggle("warning").prefault({}),
  /**
   * A state, not an event: firing while an operator's kill switch or a blast-radius freeze holds
   * recovery back, resolved when the freeze lifts (a stored `holdSeconds` is dropped on parse).
   */
  RecoveryFrozen: toggle("critical").prefault({}),
  /**
   * Vigil froze recovery because it distrusts its own view (start grace, event-loop stall, clock
   * jump, ingest backlog): a warning while it lasts, resolved with the freeze. Every start has one.
   */
  RecoveryFrozenSelfCheck: toggle("warning").prefault({}),
  RecoveryFailed: eventToggle("critical").prefault({}),
  RecoveryEscalated: eventToggle("critical").prefault({}),
  FailoverCompleted: eventToggle("warning").prefault({}),
});
export type BuiltinRules = z.infer<typeof builtinRulesSchema>;
export type BuiltinRuleName = keyof BuiltinRules;
export const BUILTIN_RULE_NAMES = Object.keys(builtinRulesSchema.shape) as BuiltinRuleName[];

/** Restricts a custom rule to some nodes; every given field must match. */
export const ruleScopeSchema = z.object({
  labels: z
    .record(labelNameSchema, z.string().max(256))
    .refine((labels) => Object.keys(labels).length <= 32, "at most 32 labels")
    .optional(),
  zone: z.string().min(1).max(128).optional(),
  group: z.string().min(1).max(128).optional(),
});
export type RuleScope = z.infer<typeof ruleScopeSchema>;

/** A heartbeat metric (`cpu`, `mem`, ...) or a custom gauge name the agent reports. */
export const metricNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, "metric names use letters, digits and _ . : -");

/** e.g. `{ name: "HighCpu", metric: "cpu", op: ">", threshold: 0.9, forSeconds: 300 }`. */
export const metricRuleSchema = z.object({
  name: ruleNameSchema,
  metric: metricNameSchema,
  op: z.enum([">", "<", ">=", "<="]),
  threshold: z.number().finite(),
  forSeconds: seconds.default(0),
  severity: alertSeveritySchema,
  scope: ruleScopeSchema.optional(),
});
export type MetricRule = z.infer<typeof metricRuleSchema>;

const storedPatternSchema = z.string().min(1).max(MAX_REGEX_LENGTH);
const checkedPatternSchema = storedPatternSchema.superRefine((pattern, ctx) => {
  const problem = patternProblem(pattern, { mode: "search" });
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

function logRuleSchemaWith(pattern: typeof storedPatternSchema) {
  return z.object({
    name: ruleNameSchema,
    pattern,
    ignoreCase: z.boolean().default(false),
    minLevel: logLevelSchema.optional(),
    windowSeconds: seconds.min(1),
    threshold: z.number().int().min(1),
    severity: alertSeveritySchema,
    scope: ruleScopeSchema.optional(),
  });
}

/**
 * Fires for a node when at least `threshold` of its log lines at `minLevel` or above matched
 * `pattern` (RE2, see ./pattern) within the last `windowSeconds`. The pattern is searched (not
 * anchored): log lines are prose. Its length is bounded because it runs over every ingested line.
 */
export const logRuleSchema = logRuleSchemaWith(checkedPatternSchema);
export type LogRule = z.infer<typeof logRuleSchema>;

function alertRulesSchemaWith(logRule: typeof logRuleSchema) {
  return z
    .object({
      builtin: builtinRulesSchema.prefault({}),
      metric: z.array(metricRuleSchema).max(200).default([]),
      log: z.array(logRule).max(200).default([]),
    })
    .superRefine((rules, ctx) => {
      // A custom rule named like another rule would share its alerts' identity (alertname).
      const seen = new Set<string>(BUILTIN_RULE_NAMES);
      for (const [kind, list] of [["metric", rules.metric], ["log", rules.log]] as const) {
        list.forEach((rule, index) => {
          if (seen.has(rule.name)) ctx.addIssue({ code: "custom", message: `rule name ${rule.name} is already used`, path: [kind, index, "name"] });
          seen.add(rule.name);
        });
      }
    });
}

export const alertRulesSchema = alertRulesSchemaWith(logRuleSchema);
/**
 * The rules as stored: a log pattern saved before RE2 was required is kept (and matches
 * nothing, see `logRuleMatcher`) rather than failing the whole document; the rules page shows
 * it as an error to fix.
 */
export const storedAlertRulesSchema = alertRulesSchemaWith(logRuleSchemaWith(storedPatternSchema));
export type AlertRules = z.infer<typeof alertRulesSchema>;
export type AlertRulesInput = z.input<typeof alertRulesSchema>;

/** The built-in defaults with no custom rules. */
export function defaultAlertRules(): AlertRules {
  return alertRulesSchema.parse({});
}
