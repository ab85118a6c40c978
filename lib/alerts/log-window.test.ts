import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LogRule } from "./rules";
import { countLogMatches, type LogLine } from "./log-rules";
import { LogRuleWindow } from "./log-window";

const T0 = 1_700_000_000_000;
const SECOND = 1000;
const oom: LogRule = { name: "OomKills", pattern: "out of memory", ignoreCase: true, minLevel: "error", windowSeconds: 60, threshold: 3, severity: "critical" };
const line = (ts: number, level: LogLine["level"], message: string, nodeId = "n1"): LogLine => ({ nodeId, ts, level, message });
const sorted = <T extends { nodeId: string }>(counts: T[]) => counts.sort((a, b) => a.nodeId.localeCompare(b.nodeId));

describe("LogRuleWindow", () => {
  const lines = [
    line(T0 - 70 * SECOND, "error", "Out of memory: killed 1"),
    line(T0 - 50 * SECOND, "error", "Out of memory: killed 2"),
    line(T0 - 40 * SECOND, "warn", "out of memory soon"),
    line(T0 - 30 * SECOND, "fatal", "OUT OF MEMORY"),
    line(T0 - 20 * SECOND, "error", "disk full"),
    line(T0 - 10 * SECOND, "error", "out of memory", "n2"),
  ];

  test("counts what countLogMatches counts over the same lines", () => {
    const window = new LogRuleWindow({ maxLines: 1000, maxAgeMs: 15 * 60 * SECOND });
    window.setRules([oom]);
    window.add(lines);
    assert.deepEqual(sorted(window.counts(T0)), sorted(countLogMatches([oom], lines, T0)));
  });

  test("lines that arrived before a rule are counted by it", () => {
    const window = new LogRuleWindow({ maxLines: 1000, maxAgeMs: 15 * 60 * SECOND });
    window.add(lines);
    assert.deepEqual(window.counts(T0), []);
    window.setRules([oom]);
    assert.deepEqual(sorted(window.counts(T0)), [
      { ruleName: "OomKills", nodeId: "n1", count: 2 },
      { ruleName: "OomKills", nodeId: "n2", count: 1 },
    ]);
  });

  test("a changed window takes effect without a rematch", () => {
    const window = new LogRuleWindow({ maxLines: 1000, maxAgeMs: 15 * 60 * SECOND });
    window.setRules([oom]);
    window.add(lines);
    window.setRules([{ ...oom, windowSeconds: 120 }]);
    assert.deepEqual(sorted(window.counts(T0))[0], { ruleName: "OomKills", nodeId: "n1", count: 3 });
  });

  test("keeps at most maxLines and forgets lines older than maxAgeMs", () => {
    const window = new LogRuleWindow({ maxLines: 5_000, maxAgeMs: 60 * SECOND });
    window.setRules([{ ...oom, windowSeconds: 3600 }]);
    // 100 lines a second: within one node's budget.
    for (let i = 0; i < 20_000; i++) window.add([line(T0 - 30 * SECOND + i, "error", "out of memory")], T0 + i * 10);
    assert.deepEqual(window.counts(T0), [{ ruleName: "OomKills", nodeId: "n1", count: 5_000 }]);
    assert.deepEqual(window.counts(T0 + 120 * SECOND), []);
  });

  test("bounds the work per second: a flooding node is capped without starving the others, and only a message's start is matched", () => {
    const window = new LogRuleWindow({ maxLines: 100_000, maxAgeMs: 15 * 60 * SECOND, maxLinesPerNodePerSec: 50, maxTestsPerSec: 120 });
    window.setRules([{ ...oom, minLevel: undefined }]);
    window.add(Array.from({ length: 1000 }, (_, i) => line(T0 - SECOND + i, "error", "out of memory", "flood")), T0);
    window.add([line(T0 - SECOND, "error", "out of memory", "quiet")], T0 + 10);
    assert.deepEqual(sorted(window.counts(T0 + 20)), [
      { ruleName: "OomKills", nodeId: "flood", count: 50 },
      { ruleName: "OomKills", nodeId: "quiet", count: 1 },
    ]);
    assert.equal(window.skippedLines(), 950);
    // The fleet's budget: 120 tests this second, 51 spent.
    window.add(Array.from({ length: 100 }, (_, i) => line(T0 - SECOND, "error", "out of memory", `n${i}`)), T0 + 30);
    assert.equal(window.skippedLines(), 950 + 31);
    window.add([line(T0, "error", `${"x".repeat(5000)} out of memory`, "late")], T0 + SECOND);
    assert.ok(!window.counts(T0 + SECOND).some((count) => count.nodeId === "late"), "a match beyond the first 1024 characters is not looked for");
  });

  test("a long line costs a test per 256 characters matched, and a pattern RE2 refuses counts nothing", () => {
    const window = new LogRuleWindow({ maxLines: 1000, maxAgeMs: 60 * SECOND, maxTestsPerSec: 10 });
    window.setRules([{ ...oom, minLevel: undefined }]);
    // 1,024 characters matched: 4 tests each, so the third line of the second is over the budget of 10.
    const long = `out of memory ${"x".repeat(2000)}`;
    window.add([line(T0, "error", long, "a"), line(T0, "error", long, "b"), line(T0, "error", long, "c")], T0);
    assert.equal(window.skippedLines(), 1);
    // Stored before RE2 was required: kept, but matches nothing (and a backtracking engine would hang here).
    window.setRules([{ ...oom, minLevel: undefined, pattern: "(a)\\1" }]);
    window.add([line(T0, "error", "aa", "d")], T0 + SECOND);
    assert.deepEqual(window.counts(T0 + SECOND), []);
  });
});
