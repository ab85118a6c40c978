import assert from "node:assert/strict";
import { test } from "node:test";
import { compareBySeverityThenAge, humanizeKind, incidentTarget, incidentTargetHref, severityStyle, worstSeverity } from "./incident-severity";

test("incidents link to the group they are about, or to the one replica", () => {
  assert.deepEqual(incidentTarget({ key: "replication:no_healthy_primary:group=shard-01", subject: "shard-01" }), { kind: "group", id: "shard-01" });
  assert.deepEqual(incidentTarget({ key: "replication:replication_lag:group=shard-01:sim-a-002", subject: "sim-a-002" }), { kind: "node", id: "sim-a-002" });
  assert.deepEqual(incidentTarget({ key: "replication:split_brain:node=db%2F7", subject: "db/7" }), { kind: "node", id: "db/7" });
  assert.deepEqual(incidentTarget({ key: "replication:wrong_follower:group=a%3Ab:n%201", subject: "n 1" }), { kind: "node", id: "n 1" });
  assert.deepEqual(incidentTarget({ key: "detector:down:x", subject: "x" }), { kind: "node", id: "x" });
  assert.equal(incidentTargetHref({ kind: "group", id: "shard 1" }), "/replica-groups?group=shard%201");
  assert.equal(incidentTargetHref({ kind: "node", id: "n/1" }), "/nodes/n%2F1");
});

test("triage order is worst first, then newest", () => {
  const items = [
    { id: 1, severity: "info", openedAt: 50 },
    { id: 2, severity: "critical", openedAt: 10 },
    { id: 3, severity: "warning", openedAt: 30 },
    { id: 4, severity: "critical", openedAt: 20 },
  ];
  assert.deepEqual([...items].sort(compareBySeverityThenAge).map((item) => item.id), [4, 2, 3, 1]);
  assert.equal(worstSeverity(items), "critical");
  assert.equal(worstSeverity([]), null);
});

test("colours mean something and unknown severities don't crash", () => {
  assert.equal(severityStyle("critical").hex, "#ef4444");
  assert.equal(severityStyle("warning").hex, "#f59e0b");
  assert.equal(severityStyle("surprise").label, "Info");
  assert.equal(humanizeKind("no_healthy_primary"), "No healthy primary");
});
