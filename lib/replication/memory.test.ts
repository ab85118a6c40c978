import assert from "node:assert/strict";
import { test } from "node:test";
import { diffProblems } from "./diff-problems";
import { T0, healthyGroup, inState, reportsRole, withNode } from "./fixtures";
import { emptyGroupMemory, parseGroupMemory } from "./memory";
import { replicaGroupStatus } from "./replica-group-status";
import { DEFAULT_REPLICATION_SETTINGS, replicationSettingsSchema } from "./settings";

const settings = DEFAULT_REPLICATION_SETTINGS;

test("memory round-trips through JSON and carries the epoch across a promotion", () => {
  const first = replicaGroupStatus(healthyGroup(), null, T0, settings);
  const down = replicaGroupStatus(withNode(healthyGroup(), "sim-a-001", inState("down")), first.memory, T0 + 1_000, settings);
  const stored = JSON.stringify(down.memory);
  const restored = parseGroupMemory(JSON.parse(stored));
  assert.deepEqual(restored, down.memory);

  const promoted = withNode(withNode(healthyGroup(), "sim-a-001", inState("down")), "sim-b-002", reportsRole("primary"));
  const fromRestored = replicaGroupStatus(promoted, restored, T0 + 2_000, settings);
  const fromLive = replicaGroupStatus(promoted, down.memory, T0 + 2_000, settings);
  assert.deepEqual(fromRestored, fromLive);
  assert.equal(fromRestored.groups[0].epoch, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(fromRestored.memory)), fromRestored.memory);
});

test("stored memory in another shape is rejected, so the caller starts afresh", () => {
  assert.equal(parseGroupMemory(null), null);
  assert.equal(parseGroupMemory({ version: 2, groups: {} }), null);
  assert.equal(parseGroupMemory({ version: 1, groups: { "group=x": { epoch: 0, primaryId: null, primarySince: null, lastSeenAt: 1 } } }), null);
  assert.deepEqual(parseGroupMemory(emptyGroupMemory()), emptyGroupMemory());
});

test("a group that disappears briefly keeps its epoch; one gone past the retention is forgotten", () => {
  const retention = replicationSettingsSchema.parse({ forgetAbsentGroupAfterMs: 60_000 });
  const first = replicaGroupStatus(healthyGroup(), null, T0, retention);
  const promotedNodes = withNode(withNode(healthyGroup(), "sim-a-001", reportsRole("replica", "sim-b-002")), "sim-b-002", reportsRole("primary"));
  const promoted = replicaGroupStatus(promotedNodes, first.memory, T0 + 1_000, retention);
  assert.equal(promoted.groups[0].epoch, 2);

  const empty = replicaGroupStatus([], promoted.memory, T0 + 30_000, retention);
  assert.deepEqual(empty.groups, []);
  assert.equal(empty.memory.groups["group=shard-01"]?.epoch, 2);
  const back = replicaGroupStatus(promotedNodes, empty.memory, T0 + 40_000, retention);
  assert.equal(back.groups[0].epoch, 2);

  const longGone = replicaGroupStatus([], back.memory, T0 + 200_000, retention);
  assert.deepEqual(longGone.memory.groups, {});
});

test("diffProblems sorts current problems into opened and still open, and lists resolved keys", () => {
  const a = { key: "a" };
  const b = { key: "b" };
  assert.deepEqual(diffProblems(["b", "c"], [a, b, a]), { opened: [a], stillOpen: [b], resolved: ["c"] });
  assert.deepEqual(diffProblems(new Set<string>(), []), { opened: [], stillOpen: [], resolved: [] });
});
