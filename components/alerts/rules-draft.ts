import type { AlertRules, LogRule, MetricRule } from "@/lib/alerts";
import { patternProblem } from "@/lib/alerts/pattern";

/**
 * The rules page edits text fields (a half-typed "0." must survive a re-render), so it works on a
 * draft of strings and turns it back into the PUT /api/v1/rules object on save, with an error per
 * field. Error keys are the server's issue paths ("metric.0.name"), so its 400 lands on the same field.
 */

export type RuleSeverity = "critical" | "warning" | "info";
export const RULE_SEVERITIES: readonly RuleSeverity[] = ["critical", "warning", "info"];
export const METRIC_OPS: readonly MetricRule["op"][] = [">", ">=", "<", "<="];
type LogLevelName = NonNullable<LogRule["minLevel"]>;

export type BuiltinDraft = { enabled: boolean; severity: string; numbers: Record<string, string> };
type ScopeDraft = { scopeZone: string; scopeGroup: string; scopeLabels: Record<string, string> | undefined };
export type MetricRuleDraft = ScopeDraft & { key: string; name: string; metric: string; op: MetricRule["op"]; threshold: string; forSeconds: string; severity: RuleSeverity };
export type LogRuleDraft = ScopeDraft & {
  key: string;
  name: string;
  pattern: string;
  ignoreCase: boolean;
  minLevel: LogLevelName | "";
  windowSeconds: string;
  threshold: string;
  severity: RuleSeverity;
};
export type RulesDraft = { builtin: Record<string, BuiltinDraft>; metric: MetricRuleDraft[]; log: LogRuleDraft[] };
export type FieldErrors = Record<string, string>;

/** Mirrors lib/alerts/rules (MAX_SECONDS, rule and metric names); patterns are checked by lib/alerts/pattern, shared. */
export const MAX_RULE_SECONDS = 86_400;
const RULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

let keySerial = 0;
/** Stable React keys for rows that have no id of their own. */
export function newDraftKey(): string {
  keySerial += 1;
  return `rule-${keySerial}`;
}

function scopeDraft(scope: MetricRule["scope"]): ScopeDraft {
  return { scopeZone: scope?.zone ?? "", scopeGroup: scope?.group ?? "", scopeLabels: scope?.labels };
}

export function draftFromRules(rules: AlertRules): RulesDraft {
  const builtin: Record<string, BuiltinDraft> = {};
  for (const [name, rule] of Object.entries(rules.builtin) as [string, Record<string, unknown>][]) {
    const numbers: Record<string, string> = {};
    for (const [field, value] of Object.entries(rule)) if (typeof value === "number") numbers[field] = String(value);
    builtin[name] = { enabled: rule.enabled === true, severity: String(rule.severity ?? "warning"), numbers };
  }
  return {
    builtin,
    metric: rules.metric.map((rule) => ({
      key: newDraftKey(),
      name: rule.name,
      metric: rule.metric,
      op: rule.op,
      threshold: String(rule.threshold),
      forSeconds: String(rule.forSeconds),
      severity: rule.severity,
      ...scopeDraft(rule.scope),
    })),
    log: rules.log.map((rule) => ({
      key: newDraftKey(),
      name: rule.name,
      pattern: rule.pattern,
      ignoreCase: rule.ignoreCase,
      minLevel: rule.minLevel ?? "",
      windowSeconds: String(rule.windowSeconds),
      threshold: String(rule.threshold),
      severity: rule.severity,
      ...scopeDraft(rule.scope),
    })),
  };
}

export function emptyMetricRule(): MetricRuleDraft {
  return { key: newDraftKey(), name: "", metric: "cpu", op: ">", threshold: "0.9", forSeconds: "300", severity: "warning", scopeZone: "", scopeGroup: "", scopeLabels: undefined };
}

export function emptyLogRule(): LogRuleDraft {
  return { key: newDraftKey(), name: "", pattern: "", ignoreCase: false, minLevel: "error", windowSeconds: "300", threshold: "5", severity: "warning", scopeZone: "", scopeGroup: "", scopeLabels: undefined };
}

type NumberRule = { min?: number; max?: number; above?: number; integer?: boolean };

function readNumber(text: string, rule: NumberRule, path: string, errors: FieldErrors): number {
  const trimmed = text.trim();
  const value = trimmed === "" ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) errors[path] = "Enter a number.";
  else if (rule.integer && !Number.isInteger(value)) errors[path] = "Enter a whole number.";
  else if (rule.above !== undefined && value <= rule.above) errors[path] = `Must be more than ${rule.above}.`;
  else if (rule.min !== undefined && value < rule.min) errors[path] = `Must be at least ${rule.min}.`;
  else if (rule.max !== undefined && value > rule.max) errors[path] = `Must be at most ${rule.max}.`;
  return value;
}

const SECONDS: NumberRule = { min: 0, max: MAX_RULE_SECONDS };

function builtinNumberRule(field: string): NumberRule {
  if (field === "maxShare") return { above: 0, max: 1 };
  if (field === "holdSeconds") return { min: 1, max: MAX_RULE_SECONDS };
  return SECONDS;
}

function scopeFrom(draft: ScopeDraft): MetricRule["scope"] {
  const zone = draft.scopeZone.trim();
  const group = draft.scopeGroup.trim();
  if (!zone && !group && !draft.scopeLabels) return undefined;
  return { ...(draft.scopeLabels ? { labels: draft.scopeLabels } : {}), ...(zone ? { zone } : {}), ...(group ? { group } : {}) };
}

function checkName(name: string, path: string, seen: Set<string>, errors: FieldErrors): void {
  if (!name) errors[path] = "Give the rule a name.";
  else if (!RULE_NAME.test(name)) errors[path] = "Letters, digits and _, starting with a letter (it becomes the alertname).";
  else if (seen.has(name)) errors[path] = `${name} is already used by another rule.`;
  seen.add(name);
}

/** Why the server would refuse a log rule's pattern ("not an RE2 pattern: …"), in the form's words, or null. */
export function logPatternProblem(pattern: string, ignoreCase = false): string | null {
  if (!pattern) return "Give the pattern to search log lines for.";
  const problem = patternProblem(pattern, { mode: "search", ignoreCase });
  return problem ? `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.` : null;
}

/** The PUT body, or the reasons it would be refused, keyed by field path. */
export function rulesFromDraft(draft: RulesDraft): { rules: AlertRules; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const builtin: Record<string, Record<string, unknown>> = {};
  for (const [name, rule] of Object.entries(draft.builtin)) {
    const numbers: Record<string, number> = {};
    for (const [field, text] of Object.entries(rule.numbers)) numbers[field] = readNumber(text, builtinNumberRule(field), `builtin.${name}.${field}`, errors);
    builtin[name] = { enabled: rule.enabled, severity: rule.severity, ...numbers };
  }
  const seen = new Set<string>(Object.keys(draft.builtin));
  const metric = draft.metric.map((rule, index): MetricRule => {
    const path = `metric.${index}`;
    const name = rule.name.trim();
    checkName(name, `${path}.name`, seen, errors);
    const metricName = rule.metric.trim();
    if (!METRIC_NAME.test(metricName)) errors[`${path}.metric`] = "Choose a metric (custom gauges: letters, digits and _ . : -).";
    const scope = scopeFrom(rule);
    return {
      name,
      metric: metricName,
      op: rule.op,
      threshold: readNumber(rule.threshold, {}, `${path}.threshold`, errors),
      forSeconds: readNumber(rule.forSeconds, SECONDS, `${path}.forSeconds`, errors),
      severity: rule.severity,
      ...(scope ? { scope } : {}),
    };
  });
  const log = draft.log.map((rule, index): LogRule => {
    const path = `log.${index}`;
    const name = rule.name.trim();
    checkName(name, `${path}.name`, seen, errors);
    const patternError = logPatternProblem(rule.pattern, rule.ignoreCase);
    if (patternError) errors[`${path}.pattern`] = patternError;
    const scope = scopeFrom(rule);
    return {
      name,
      pattern: rule.pattern,
      ignoreCase: rule.ignoreCase,
      ...(rule.minLevel ? { minLevel: rule.minLevel } : {}),
      windowSeconds: readNumber(rule.windowSeconds, { min: 1, max: MAX_RULE_SECONDS }, `${path}.windowSeconds`, errors),
      threshold: readNumber(rule.threshold, { min: 1, integer: true }, `${path}.threshold`, errors),
      severity: rule.severity,
      ...(scope ? { scope } : {}),
    };
  });
  return { rules: { builtin: builtin as AlertRules["builtin"], metric, log }, errors };
}

/**
 * The server's 400 reads "invalid alert rules: metric.0.name: rule names use …; log.1.pattern: …".
 * Splits it into field paths and messages; what names no path stays under "" for a general error.
 */
export function serverFieldErrors(message: string): FieldErrors {
  const detail = message.replace(/^invalid [^:]*:\s*/, "");
  const errors: FieldErrors = {};
  for (const part of detail.split(/;\s*/)) {
    const match = /^((?:builtin|metric|log)(?:\.[A-Za-z0-9_]+)+):\s*(.+)$/.exec(part.trim());
    if (match) errors[match[1]] = match[2];
    else if (part.trim()) errors[""] = errors[""] ? `${errors[""]}; ${part.trim()}` : part.trim();
  }
  return errors;
}
