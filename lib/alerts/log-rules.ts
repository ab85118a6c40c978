import { LOG_LEVELS, type LogLevel } from "../protocol/common";
import { compilePattern } from "./pattern";
import type { LogRule } from "./rules";

export type LogLine = { nodeId: string; ts: number; level: LogLevel; message: string };
export type LogCount = { ruleName: string; nodeId: string; count: number };

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/**
 * A predicate for one rule: level at or above `minLevel`, message matching `pattern` (RE2,
 * searched). A pattern RE2 refuses (stored before RE2 was required) matches no line.
 */
export function logRuleMatcher(rule: Pick<LogRule, "pattern" | "ignoreCase" | "minLevel">): (line: Pick<LogLine, "level" | "message">) => boolean {
  const pattern = compilePattern(rule.pattern, { mode: "search", ignoreCase: rule.ignoreCase });
  if (!pattern) return () => false;
  const floor = rule.minLevel === undefined ? 0 : rank(rule.minLevel);
  return (line) => rank(line.level) >= floor && pattern.test(line.message);
}

/**
 * Counts, per rule and node, the lines within each rule's window ending at `now` - the
 * `logCounts` input of `evaluateAlerts`. Pure, for callers holding recent lines in memory; a
 * store-backed caller can count in SQL with the same rule fields instead.
 */
export function countLogMatches(rules: readonly LogRule[], lines: readonly LogLine[], now: number): LogCount[] {
  const out: LogCount[] = [];
  for (const rule of rules) {
    const matcher = logRuleMatcher(rule);
    const from = now - rule.windowSeconds * 1000;
    const perNode = new Map<string, number>();
    for (const line of lines) {
      if (line.ts <= from || line.ts > now || !matcher(line)) continue;
      perNode.set(line.nodeId, (perNode.get(line.nodeId) ?? 0) + 1);
    }
    for (const [nodeId, count] of perNode) out.push({ ruleName: rule.name, nodeId, count });
  }
  return out;
}
