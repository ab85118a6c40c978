import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { NodeView } from "../protocol/views";
import type { IncidentView } from "../protocol/api/incidents";
import { emptyEvaluatorState, evaluateAlerts, type EvaluateInput, type EvaluatorState } from "./evaluate";
import { HOUR, MINUTE, SECOND, T0, testNode } from "./fixtures";
import { countLogMatches, type LogLine } from "./log-rules";
import { alertRulesSchema, type AlertRulesInput } from "./rules";

/** An evaluator driven by a controllable clock; the state goes through JSON between calls. */
class Evaluator {
  state: EvaluatorState = emptyEvaluatorState();
  constructor(public base: Omit<Partial<EvaluateInput>, "rules"> & { rules?: AlertRulesInput } = {}) {}
  run(now: number, patch: Omit<Partial<EvaluateInput>, "rules"> = {}) {
    const result = evaluateAlerts({
      nodes: [],
      incidents: [],
      outliers: [],
      hotShare: null,
      agentsBehind: [],
      recoveryEvents: [],
      logCounts: [],
      ...this.base,
      ...patch,
      rules: alertRulesSchema.parse(this.base.rules ?? {}),
      now,
      previous: this.state,
    });
    this.state = JSON.parse(JSON.stringify(result.state)) as EvaluatorState;
    return result;
  }
}

const cpuRule: AlertRulesInput = { metric: [{ name: "HighCpu", metric: "cpu", op: ">", threshold: 0.9, forSeconds: 300, severity: "warning" }] };
const withCpu = (cpu: number | null, overrides: Partial<NodeView> = {}): NodeView => {
  const node = testNode("n1", overrides);
  return { ...node, metrics: node.metrics && { ...node.metrics, cpu } };
};

describe("for durations", () => {
  test("a metric rule is pending, then fires after `for`, then resolves when the condition clears", () => {
    const e = new Evaluator({ rules: cpuRule });
    let r = e.run(T0, { nodes: [withCpu(0.95)] });
    assert.deepEqual(r.alerts, []);
    assert.equal(r.pending.length, 1);
    assert.equal(r.pending[0].firesAt, T0 + 5 * MINUTE);
    r = e.run(T0 + 5 * MINUTE - SECOND, { nodes: [withCpu(0.97)] });
    assert.deepEqual(r.alerts, [], "still pending just before `for`");
    r = e.run(T0 + 5 * MINUTE, { nodes: [withCpu(0.97)] });
    assert.equal(r.alerts.length, 1);
    const [alert] = r.alerts;
    assert.equal(alert.status, "firing");
    assert.equal(alert.startsAt, T0 + 5 * MINUTE);
    assert.equal(alert.endsAt, null);
    assert.deepEqual(alert.labels, { alertname: "HighCpu", severity: "warning", category: "metric", node: "n1", zone: "zone-a", group: "g1" });
    assert.equal(alert.annotations.value, "0.97");
    r = e.run(T0 + 6 * MINUTE, { nodes: [withCpu(0.99)] });
    assert.equal(r.alerts[0].startsAt, T0 + 5 * MINUTE, "startsAt is stable while firing");
    assert.equal(r.alerts[0].fingerprint, alert.fingerprint);
    r = e.run(T0 + 7 * MINUTE, { nodes: [withCpu(0.5)] });
    assert.equal(r.alerts.length, 1);
    assert.equal(r.alerts[0].status, "resolved");
    assert.equal(r.alerts[0].endsAt, T0 + 7 * MINUTE);
    assert.deepEqual(e.run(T0 + 8 * MINUTE, { nodes: [withCpu(0.5)] }).alerts, [], "resolved is reported once");
  });

  test("a condition that clears while pending restarts its `for`", () => {
    const e = new Evaluator({ rules: cpuRule });
    e.run(T0, { nodes: [withCpu(0.95)] });
    e.run(T0 + 4 * MINUTE, { nodes: [withCpu(0.5)] });
    assert.deepEqual(e.run(T0 + 5 * MINUTE, { nodes: [withCpu(0.95)] }).alerts, []);
    assert.deepEqual(e.run(T0 + 9 * MINUTE, { nodes: [withCpu(0.95)] }).alerts, []);
    assert.equal(e.run(T0 + 10 * MINUTE, { nodes: [withCpu(0.95)] }).alerts.length, 1);
  });

  test("missing data and a down node are not a breach", () => {
    const e = new Evaluator({ rules: cpuRule });
    e.run(T0, { nodes: [withCpu(0.95)] });
    assert.deepEqual(e.run(T0 + MINUTE, { nodes: [withCpu(null)] }).pending, []);
    e.run(T0 + 2 * MINUTE, { nodes: [withCpu(0.95)] });
    const r = e.run(T0 + 10 * MINUTE, { nodes: [withCpu(0.95, { state: "down" })] });
    assert.ok(!r.alerts.some((a) => a.labels.alertname === "HighCpu"));
  });

  test("scope restricts a metric rule to matching nodes; custom gauges work", () => {
    const e = new Evaluator({
      rules: { metric: [{ name: "QueueDeep", metric: "queue_depth", op: ">=", threshold: 100, severity: "critical", scope: { zone: "zone-b", labels: { role: "worker" } } }] },
    });
    const gauge = (id: string, zone: string, labels: Record<string, string>): NodeView => {
      const node = testNode(id, { zone, labels });
      return { ...node, metrics: node.metrics && { ...node.metrics, custom: { queue_depth: 100 } } };
    };
    const r = e.run(T0, { nodes: [gauge("a", "zone-b", { role: "worker" }), gauge("b", "zone-a", { role: "worker" }), gauge("c", "zone-b", {})] });
    assert.deepEqual(r.alerts.map((a) => a.labels.node), ["a"]);
  });
});

describe("built-in rules", () => {
  test("NodeDown fires for a down node and resolves when it recovers", () => {
    const e = new Evaluator();
    const r = e.run(T0, { nodes: [testNode("n1", { state: "down", stateSince: T0 - 5 * SECOND }), testNode("n2")] });
    assert.deepEqual(r.alerts.map((a) => [a.labels.alertname, a.labels.node, a.labels.severity]), [["NodeDown", "n1", "critical"]]);
    assert.equal(r.alerts[0].startsAt, T0 - 5 * SECOND);
    assert.equal(r.alerts[0].generatorURL, "/nodes/n1");
    const after = e.run(T0 + MINUTE, { nodes: [testNode("n1"), testNode("n2")] });
    assert.equal(after.alerts[0].status, "resolved");
  });

  test("NodeSuspectTooLong counts from the node's stateSince (default 60 s)", () => {
    const e = new Evaluator();
    const suspect = (since: number) => [testNode("n1", { state: "suspect", stateSince: since })];
    assert.deepEqual(e.run(T0, { nodes: suspect(T0 - 59 * SECOND) }).alerts, []);
    const r = e.run(T0 + SECOND, { nodes: suspect(T0 - 59 * SECOND) });
    assert.deepEqual(r.alerts.map((a) => a.labels.alertname), ["NodeSuspectTooLong"]);
    // A fresh evaluator (restart) sees the same from stateSince alone.
    assert.equal(new Evaluator().run(T0 + SECOND, { nodes: suspect(T0 - 59 * SECOND) }).alerts.length, 1);
  });

  test("disabled built-ins do not fire", () => {
    const e = new Evaluator({ rules: { builtin: { NodeDown: { enabled: false } } } });
    assert.deepEqual(e.run(T0, { nodes: [testNode("n1", { state: "down" })] }).alerts, []);
  });

  test("replication incidents map to their rules with group and node labels", () => {
    const incident = (id: number, kind: string, key: string, subject: string): IncidentView => ({
      id, key, kind, severity: "critical", subject, message: `${kind} on ${subject}`, detail: null, status: "open",
      openedAt: T0 - MINUTE, updatedAt: T0, resolvedAt: null, acknowledgedBy: null,
    });
    const e = new Evaluator();
    const r = e.run(T0, {
      nodes: [testNode("r1", { zone: "zone-c", group: "shard-1" })],
      incidents: [
        incident(1, "no_healthy_primary", "replication:no_healthy_primary:group=shard-1", "shard-1"),
        incident(2, "replication_lag", "replication:replication_lag:group=shard-1:r1", "r1"),
        incident(3, "single_zone", "replication:single_zone:group=shard-1", "shard-1"),
        { ...incident(4, "split_brain", "replication:split_brain:group=shard-2", "shard-2"), status: "resolved" },
      ],
    });
    const seen = r.alerts.map((a) => ({ name: a.labels.alertname, group: a.labels.group, node: a.labels.node, zone: a.labels.zone, severity: a.labels.severity }));
    assert.deepEqual(seen, [
      { name: "GroupWithoutPrimary", group: "shard-1", node: undefined, zone: undefined, severity: "critical" },
      { name: "ReplicationLag", group: "shard-1", node: "r1", zone: "zone-c", severity: "warning" },
    ]);
  });

  test("HotGroupShare fires when the hottest group holds more than maxShare for `for`", () => {
    const e = new Evaluator({ rules: { builtin: { HotGroupShare: { maxShare: 0.4, forSeconds: 60 } } } });
    const hot = (members: number) => ({ loadGroup: "cpu-hot", members, total: 10 });
    assert.deepEqual(e.run(T0, { hotShare: hot(4) }).pending, [], "40% is not more than 40%");
    assert.equal(e.run(T0 + SECOND, { hotShare: hot(5) }).pending.length, 1);
    const r = e.run(T0 + MINUTE + SECOND, { hotShare: { ...hot(6), loadGroup: "renamed" } });
    assert.equal(r.alerts.length, 1, "a renamed hottest group is the same alert");
    assert.equal(r.alerts[0].annotations.load_group, "renamed");
  });

  test("LoadOutlier and AgentStaleRingEpoch", () => {
    const e = new Evaluator();
    const input = {
      nodes: [testNode("n1")],
      outliers: [{ nodeId: "n1", loadGroup: "normal", metrics: ["cpu"] }],
      agentsBehind: [{ nodeId: "n1", agentEpoch: 3, ringEpoch: 4 }],
    };
    assert.deepEqual(e.run(T0, input).alerts.map((a) => `${a.labels.alertname}/${a.labels.severity}`), ["LoadOutlier/info"]);
    assert.deepEqual(e.run(T0 + MINUTE, input).alerts.map((a) => a.labels.alertname), ["AgentStaleRingEpoch", "LoadOutlier"]);
  });

  test("recovery events fire for their hold time, then resolve", () => {
    const e = new Evaluator({ rules: { builtin: { RecoveryFailed: { holdSeconds: 600 } } } });
    const events = [
      { kind: "failed" as const, at: T0 - MINUTE, message: "restart n1 failed (old)", node: "n1" },
      { kind: "failed" as const, at: T0, message: "restart n1 failed", node: "n1" },
      { kind: "failover_completed" as const, at: T0 - 2 * HOUR, message: "promoted r2", group: "g1" },
    ];
    const r = e.run(T0, { recoveryEvents: events });
    assert.equal(r.alerts.length, 1, "same labels are one alert; an event older than its hold is ignored");
    assert.equal(r.alerts[0].annotations.summary, "restart n1 failed");
    assert.equal(r.alerts[0].labels.severity, "critical");
    assert.equal(e.run(T0 + 10 * MINUTE - 1, { recoveryEvents: events }).alerts[0].status, "firing");
    assert.equal(e.run(T0 + 10 * MINUTE, { recoveryEvents: events }).alerts[0].status, "resolved");
  });

  test("VigilPartitioned fires per zone", () => {
    const r = new Evaluator().run(T0, { partitions: [{ zone: "zone-a", downShare: 0.8 }] });
    assert.deepEqual(r.alerts.map((a) => [a.labels.alertname, a.labels.zone]), [["VigilPartitioned", "zone-a"]]);
  });
});

describe("log pattern rules", () => {
  const rules = alertRulesSchema.parse({
    log: [{ name: "OomKills", pattern: "out of memory", ignoreCase: true, minLevel: "error", windowSeconds: 60, threshold: 3, severity: "critical" }],
  });
  const line = (ts: number, level: LogLine["level"], message: string, nodeId = "n1"): LogLine => ({ nodeId, ts, level, message });

  test("counts matching lines at or above minLevel within the window", () => {
    const lines = [
      line(T0 - 70 * SECOND, "error", "Out of memory: killed 1"), // outside the window
      line(T0 - 50 * SECOND, "error", "Out of memory: killed 2"),
      line(T0 - 40 * SECOND, "warn", "out of memory soon"), // below minLevel
      line(T0 - 30 * SECOND, "fatal", "OUT OF MEMORY"),
      line(T0 - 20 * SECOND, "error", "disk full"),
      line(T0 - 10 * SECOND, "error", "out of memory", "n2"),
    ];
    assert.deepEqual(countLogMatches(rules.log, lines, T0).sort((a, b) => a.nodeId.localeCompare(b.nodeId)), [
      { ruleName: "OomKills", nodeId: "n1", count: 2 },
      { ruleName: "OomKills", nodeId: "n2", count: 1 },
    ]);
  });

  test("fires at threshold and resolves when the count drops", () => {
    const e = new Evaluator({ rules: { log: [{ ...rules.log[0] }] } });
    const nodes = [testNode("n1")];
    assert.deepEqual(e.run(T0, { nodes, logCounts: [{ ruleName: "OomKills", nodeId: "n1", count: 2 }] }).alerts, []);
    const r = e.run(T0 + SECOND, { nodes, logCounts: [{ ruleName: "OomKills", nodeId: "n1", count: 3 }] });
    assert.deepEqual(r.alerts.map((a) => [a.labels.alertname, a.labels.category, a.labels.node, a.annotations.count]), [["OomKills", "log", "n1", "3"]]);
    assert.equal(e.run(T0 + MINUTE, { nodes, logCounts: [] }).alerts[0].status, "resolved");
  });
});

describe("rule validation", () => {
  test("rejects bad regexes, overlong patterns and duplicate names", () => {
    const log = { name: "X", windowSeconds: 60, threshold: 1, severity: "info" };
    assert.equal(alertRulesSchema.safeParse({ log: [{ ...log, pattern: "(" }] }).success, false);
    assert.equal(alertRulesSchema.safeParse({ log: [{ ...log, pattern: "a".repeat(257) }] }).success, false);
    assert.equal(alertRulesSchema.safeParse({ log: [{ ...log, pattern: "a+" }] }).success, true);
    const metric = { metric: "cpu", op: ">", threshold: 1, severity: "info" };
    assert.equal(alertRulesSchema.safeParse({ metric: [{ ...metric, name: "NodeDown" }] }).success, false);
    assert.equal(alertRulesSchema.safeParse({ metric: [{ ...metric, name: "A" }], log: [{ ...log, name: "A", pattern: "x" }] }).success, false);
    assert.equal(alertRulesSchema.safeParse({ metric: [{ ...metric, name: "A", op: "==" }] }).success, false);
  });
});
