/**
 * Alertmanager matcher semantics in the browser, to count what a silence would mute before it is
 * created. Mirrors lib/alerts/matchers (which pulls zod) and shares its RE2 patterns
 * (lib/alerts/pattern): regexes are anchored `^(?:…)$`, and a label the alert lacks matches as
 * the empty string.
 */

import { compilePattern, patternProblem } from "@/lib/alerts/pattern";

export type LabelMatcher = { name: string; value: string; isRegex: boolean; isEqual: boolean };
export type MatchOperator = "=" | "!=" | "=~" | "!~";
export const MATCH_OPERATORS: readonly MatchOperator[] = ["=", "!=", "=~", "!~"];

/** Mirrors the value limit of the server's matcher schema (regexes: lib/alerts/pattern, shared). */
const MAX_MATCHER_VALUE_LENGTH = 1024;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function matcherOperator(matcher: Pick<LabelMatcher, "isRegex" | "isEqual">): MatchOperator {
  if (matcher.isRegex) return matcher.isEqual ? "=~" : "!~";
  return matcher.isEqual ? "=" : "!=";
}

export function matcherWithOperator(name: string, operator: MatchOperator, value: string): LabelMatcher {
  return { name, value, isRegex: operator === "=~" || operator === "!~", isEqual: operator === "=" || operator === "=~" };
}

/** `node="sim-a-001"`, `zone=~"a|b"`: how Alertmanager prints a matcher. */
export function describeMatcher(matcher: LabelMatcher): string {
  return `${matcher.name}${matcherOperator(matcher)}${JSON.stringify(matcher.value)}`;
}

/** RE2, anchored, as on the server. A pattern RE2 refuses matches nothing, whichever the sense (as on the server). */
export function matcherMatches(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? "";
  let hit: boolean;
  if (matcher.isRegex) {
    const pattern = compilePattern(matcher.value, { mode: "anchored" });
    if (!pattern) return false;
    hit = pattern.test(actual);
  } else {
    hit = actual === matcher.value;
  }
  return matcher.isEqual ? hit : !hit;
}

/** Why the server would refuse this one matcher's value (not RE2, too long), or null. */
export function matcherValueProblem(matcher: LabelMatcher): string | null {
  if (matcher.value.length > MAX_MATCHER_VALUE_LENGTH) return `the value is longer than ${MAX_MATCHER_VALUE_LENGTH} characters.`;
  if (!matcher.isRegex) return null;
  return patternProblem(matcher.value, { mode: "anchored" });
}

/** Every matcher must match; an empty list matches everything, as on the server. */
export function matchesAllMatchers(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matcherMatches(matcher, labels));
}

export function countMatching(matchers: readonly LabelMatcher[], alerts: readonly { labels: Readonly<Record<string, string>> }[]): number {
  return alerts.filter((alert) => matchesAllMatchers(matchers, alert.labels)).length;
}

/**
 * Why the server would refuse these matchers, in words, or null when it would accept them:
 * label names, regexes that compile and fit, and at least one matcher that does not match an
 * empty label (so `foo=~".*"` cannot silence the whole fleet).
 */
export function matchersProblem(matchers: readonly LabelMatcher[]): string | null {
  if (matchers.length === 0) return "Add at least one matcher.";
  for (const [index, matcher] of matchers.entries()) {
    const which = `Matcher ${index + 1}`;
    if (!matcher.name) return `${which}: give the label name.`;
    if (!LABEL_NAME.test(matcher.name)) return `${which}: label names use letters, digits and _ and do not start with a digit.`;
    const problem = matcherValueProblem(matcher);
    if (problem) return `${which}: ${problem}`;
  }
  if (matchers.every((matcher) => matcherMatches(matcher, {}))) {
    return "At least one matcher must require a non-empty label value; these would match every alert.";
  }
  return null;
}

/** Labels that describe an alert rather than tell it apart from its siblings. */
const DESCRIPTIVE_LABELS = new Set(["severity", "category"]);
/** A node already implies its zone and replica group; matching them too adds nothing. */
const IMPLIED_BY_NODE = new Set(["zone", "group"]);

/**
 * The matchers "Silence…" starts from: the alert's name and what it is about (its node, or its
 * group or zone when it has no node, and any rule-specific label), all equalities the operator
 * can then widen or narrow.
 */
export function silenceMatchersForAlert(labels: Readonly<Record<string, string>>): LabelMatcher[] {
  const hasNode = Boolean(labels.node);
  const names = Object.keys(labels)
    .filter((name) => name !== "alertname" && labels[name] !== "" && !DESCRIPTIVE_LABELS.has(name) && !(hasNode && IMPLIED_BY_NODE.has(name)))
    .sort();
  const ordered = labels.alertname ? ["alertname", ...names] : names;
  return ordered.map((name) => ({ name, value: labels[name], isRegex: false, isEqual: true }));
}
