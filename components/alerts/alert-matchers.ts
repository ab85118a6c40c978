/**
 * Alertmanager matcher semantics in the browser, to count what a silence would mute before it is
 * created. Mirrors lib/alerts/matchers (which pulls zod): regexes are anchored `^(?:…)$`, and a
 * label the alert lacks matches as the empty string.
 */

export type LabelMatcher = { name: string; value: string; isRegex: boolean; isEqual: boolean };
export type MatchOperator = "=" | "!=" | "=~" | "!~";
export const MATCH_OPERATORS: readonly MatchOperator[] = ["=", "!=", "=~", "!~"];

/** Mirrors MAX_REGEX_LENGTH and the value limit of the server's matcher schema. */
export const MAX_MATCHER_REGEX_LENGTH = 256;
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

/** The anchored regex, or null when the source does not compile. */
export function anchoredRegex(source: string): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null;
  }
}

/** An invalid regex matches nothing (the server refuses it anyway; the count must not throw). */
export function matcherMatches(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? "";
  let hit: boolean;
  if (matcher.isRegex) {
    const regex = anchoredRegex(matcher.value);
    if (!regex) return false;
    hit = regex.test(actual);
  } else {
    hit = actual === matcher.value;
  }
  return matcher.isEqual ? hit : !hit;
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
    if (matcher.value.length > MAX_MATCHER_VALUE_LENGTH) return `${which}: the value is longer than ${MAX_MATCHER_VALUE_LENGTH} characters.`;
    if (matcher.isRegex && matcher.value.length > MAX_MATCHER_REGEX_LENGTH) return `${which}: the regex is longer than ${MAX_MATCHER_REGEX_LENGTH} characters.`;
    if (matcher.isRegex && !anchoredRegex(matcher.value)) return `${which}: ${JSON.stringify(matcher.value)} is not a valid regular expression.`;
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
