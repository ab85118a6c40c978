import type { LogRule } from "./rules";
import { logRuleMatcher, type LogCount, type LogLine } from "./log-rules";

type RuleMatches = {
  rule: LogRule;
  matches: (line: Pick<LogLine, "level" | "message">) => boolean;
  /** Matching lines in arrival order: trimmed from the front, never copied. */
  hits: Queue<{ nodeId: string; ts: number }>;
};

/**
 * The recent log lines the log-pattern rules count, kept so that each line is matched once, when
 * it arrives, and a tick only walks the matches. Counting over a copy of every recent line each
 * second (and trimming it with a slice) cost more than all of ingest once a fleet logged a
 * hundred lines a second. The raw lines are kept too (bounded), so that changed rules are counted
 * over the same history.
 */
export class LogRuleWindow {
  private readonly lines: Queue<LogLine>;
  private rules: RuleMatches[] = [];
  private rulesKey = "";

  constructor(private readonly limits: { maxLines: number; maxAgeMs: number }) {
    this.lines = new Queue(limits.maxLines);
  }

  /** Replaces the rules when they changed; the kept lines are matched against the new ones. */
  setRules(rules: readonly LogRule[]): void {
    const key = JSON.stringify(rules.map(({ name, pattern, ignoreCase, minLevel }) => [name, pattern, ignoreCase, minLevel]));
    if (key === this.rulesKey) {
      // Windows and thresholds may change without a rematch.
      rules.forEach((rule, i) => (this.rules[i].rule = rule));
      return;
    }
    this.rulesKey = key;
    this.rules = rules.map((rule) => ({ rule, matches: logRuleMatcher(rule), hits: new Queue(this.limits.maxLines) }));
    for (const line of this.lines.values()) this.match(line);
  }

  add(lines: readonly LogLine[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.match(line);
    }
  }

  /** Per rule and node, the matching lines within the rule's window ending at `now`. */
  counts(now: number): LogCount[] {
    const oldest = now - this.limits.maxAgeMs;
    this.lines.dropWhile((line) => line.ts < oldest);
    const out: LogCount[] = [];
    for (const { rule, hits } of this.rules) {
      hits.dropWhile((hit) => hit.ts < oldest);
      const from = now - rule.windowSeconds * 1000;
      const perNode = new Map<string, number>();
      for (const hit of hits.values()) {
        if (hit.ts <= from || hit.ts > now) continue;
        perNode.set(hit.nodeId, (perNode.get(hit.nodeId) ?? 0) + 1);
      }
      for (const [nodeId, count] of perNode) out.push({ ruleName: rule.name, nodeId, count });
    }
    return out;
  }

  private match(line: LogLine): void {
    for (const rule of this.rules) if (rule.matches(line)) rule.hits.push({ nodeId: line.nodeId, ts: line.ts });
  }
}

/** A bounded FIFO: pushing beyond `capacity` drops the oldest; dropping from the front is O(1) each. */
class Queue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length - this.head > this.capacity) this.shift();
  }

  dropWhile(predicate: (item: T) => boolean): void {
    while (this.head < this.items.length && predicate(this.items[this.head] as T)) this.shift();
  }

  *values(): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }

  private shift(): void {
    this.items[this.head++] = undefined;
    // Compact once the dead front is half the array: amortised O(1) per item.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
