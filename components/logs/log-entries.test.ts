import assert from "node:assert/strict";
import { test } from "node:test";
import type { LogView } from "@/lib/protocol/views";
import { formatLogFields, matchesLogScope, mergeLogEntries } from "./log-entries";

function entry(nodeId: string, seq: number, ts: number, level: LogView["level"] = "info"): LogView {
  return { nodeId, seq, ts, level, message: `m${seq}`, fields: null };
}

test("mergeLogEntries sorts newest first, drops duplicates and caps", () => {
  const current = [entry("a", 2, 20), entry("a", 1, 10)];
  assert.equal(mergeLogEntries(current, [entry("a", 2, 20)], 10), current);
  const merged = mergeLogEntries(current, [entry("b", 7, 15), entry("a", 3, 30)], 3);
  assert.deepEqual(merged.map((e) => `${e.nodeId}${e.seq}`), ["a3", "a2", "b7"]);
});

test("matchesLogScope checks node, minimum level and start time", () => {
  assert.ok(matchesLogScope(entry("a", 1, 10, "warn"), { nodeId: "a", level: "info" }));
  assert.ok(!matchesLogScope(entry("a", 1, 10, "debug"), { level: "info" }));
  assert.ok(!matchesLogScope(entry("b", 1, 10), { nodeId: "a" }));
  assert.ok(!matchesLogScope(entry("a", 1, 10), { from: 11 }));
});

test("formatLogFields quotes values with spaces", () => {
  assert.equal(formatLogFields(null), "");
  assert.equal(formatLogFields({ user: "ann", took: 12, ok: true, note: "a b" }), 'user=ann took=12 ok=true note="a b"');
});
