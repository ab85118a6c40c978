import type { LogRule } from "./rules";
import { logRuleMatcher, type LogCount, type LogLine } from "./log-rules";

type RuleMatches = {
  rule: LogRule;
  matches: (line: Pick<LogLine, "level" | "message">) => boolean;
  /** Matching lines in arrival order: trimmed from the front, never copied. */
  hits: Queue<{ nodeId: string; ts: number }>;
};

export type LogWindowLimits = {
  maxLines: number;
  maxAgeMs: number;
  /** Lines of one node matched per second; beyond it they are skipped (a flooding node cannot starve the others). */
  maxLinesPerNodePerSec?: number;
  /**
   * Pattern tests per second for the whole fleet: the CPU the leader gives log rules. A test is
   * one rule over up to 256 characters of a message (RE2's cost is linear in the text), so a
   * 1,024-character line costs four per rule.
   */
  maxTestsPerSec?: number;
  /** Only the start of a message is matched and kept. */
  maxMatchedChars?: number;
};

const DEFAULT_LINES_PER_NODE_PER_SEC = 100;
const DEFAULT_TESTS_PER_SEC = 100_000;
const DEFAULT_MATCHED_CHARS = 1024;
const CHARS_PER_TEST = 256;

/**
 * The recent log lines the log-pattern rules count, kept so that each line is matched once, when
 * it arrives, and a tick only walks the matches. Bounded in memory (lines and hits) and in CPU:
 * per second, each node's lines and the fleet's pattern tests have a budget, and only the start
 * of a long message is matched; what is over budget is skipped and counted (`skippedLines`).
 * Counting over a copy of every recent line each second once cost more than all of ingest at a
 * hundred lines a second. The kept lines let changed rules be counted over the same history.
 */
export class LogRuleWindow {
  private readonly lines: Queue<LogLine>;
  private rules: RuleMatches[] = [];
  private rulesKey = "";
  private second = Number.NaN;
  private readonly linesThisSecond = new Map<string, number>();
  private testsThisSecond = 0;
  private skipped = 0;

  constructor(private readonly limits: LogWindowLimits) {
    this.lines = new Queue(limits.maxLines);
  }

  /** Lines skipped so far because a node or the fleet was over its budget. */
  skippedLines(): number {
    return this.skipped;
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

  add(lines: readonly LogLine[], now = Date.now()): void {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.linesThisSecond.clear();
      this.testsThisSecond = 0;
    }
    const perNode = this.limits.maxLinesPerNodePerSec ?? DEFAULT_LINES_PER_NODE_PER_SEC;
    const testBudget = this.limits.maxTestsPerSec ?? DEFAULT_TESTS_PER_SEC;
    const maxChars = this.limits.maxMatchedChars ?? DEFAULT_MATCHED_CHARS;
    const rules = Math.max(1, this.rules.length);
    for (const line of lines) {
      const seen = this.linesThisSecond.get(line.nodeId) ?? 0;
      const tests = rules * Math.max(1, Math.ceil(Math.min(line.message.length, maxChars) / CHARS_PER_TEST));
      if (seen >= perNode || this.testsThisSecond + tests > testBudget) {
        this.skipped++;
        continue;
      }
      this.linesThisSecond.set(line.nodeId, seen + 1);
      this.testsThisSecond += tests;
      // A copy of only what rules read: the caller's entries (fields and all) are not kept alive.
      const kept: LogLine = { nodeId: line.nodeId, ts: line.ts, level: line.level, message: line.message.length > maxChars ? line.message.slice(0, maxChars) : line.message };
      this.lines.push(kept);
      this.match(kept);
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
