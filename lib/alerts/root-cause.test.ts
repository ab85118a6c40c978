import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveAlert, type Alert } from "./alert";
import { evaluateAlerts, emptyEvaluatorState } from "./evaluate";
import { HOUR, T0, testAlert, testNode } from "./fixtures";
import { DEFAULT_INHIBIT_RULES, inhibitedBy } from "./inhibition";
import { detectPartitions } from "./partitions";
import { groupUnderRootCauses, summariseMembers } from "./root-cause";
import { defaultAlertRules } from "./rules";

const partition = (zone?: string, startsAt = T0) => testAlert({ alertname: "VigilPartitioned", severity: "critical", category: "fleet", ...(zone ? { zone } : {}) }, startsAt);
const down = (node: string, zone?: string) => testAlert({ alertname: "NodeDown", severity: "critical", category: "node", node, ...(zone ? { zone } : {}) });
const names = (alerts: readonly Alert[]) => alerts.map((a) => `${a.labels.alertname}@${a.labels.node ?? a.labels.group ?? a.labels.zone ?? "-"}`);

describe("groupUnderRootCauses", () => {
  test("without a firing partition everything is the rest", () => {
    const alerts = [down("n1", "a"), down("n2", "b")];
    assert.deepEqual(groupUnderRootCauses(alerts), { rootCauses: [], rest: alerts });
    const healed = resolveAlert(partition("a"), T0 + 1000);
    assert.equal(groupUnderRootCauses([healed, ...alerts]).rootCauses.length, 0, "a resolved partition is no root cause");
  });

  test("a zone's partition collapses that zone's node and replication alerts under one line", () => {
    const cause = partition("a");
    const lag = testAlert({ alertname: "GroupWithoutPrimary", category: "replication", group: "g1", zone: "a" });
    const other = down("n9", "b");
    const hot = testAlert({ alertname: "HotGroupShare", category: "load" });
    const grouping = groupUnderRootCauses([down("n1", "a"), other, cause, lag, down("n2", "a"), hot]);
    assert.equal(grouping.rootCauses.length, 1);
    const [root] = grouping.rootCauses;
    assert.equal(root.kind, "zone");
    assert.equal(root.zone, "a");
    assert.equal(root.key, "zone:a");
    assert.equal(root.alert, cause);
    assert.deepEqual(names(root.members), ["NodeDown@n1", "GroupWithoutPrimary@g1", "NodeDown@n2"]);
    assert.deepEqual(root.nodes, ["n1", "n2"]);
    assert.deepEqual(names(grouping.rest), ["NodeDown@n9", "HotGroupShare@-"]);
  });

  test("the blast-radius freeze goes under the first partition: it is what Vigil does about it", () => {
    const freeze = testAlert({ alertname: "RecoveryFrozen", category: "recovery", freeze: "blast-radius" });
    const grouping = groupUnderRootCauses([freeze, partition("b"), partition("a")]);
    assert.deepEqual(grouping.rootCauses.map((cause) => [cause.key, cause.members.length]), [["zone:a", 1], ["zone:b", 0]]);
    assert.deepEqual(grouping.rest, []);
  });

  test("two zones, two lines; each covers its own zone only", () => {
    const grouping = groupUnderRootCauses([partition("b"), partition("a"), down("n1", "a"), down("n2", "b"), down("n3", "c")]);
    assert.deepEqual(grouping.rootCauses.map((cause) => [cause.key, cause.nodes]), [["zone:a", ["n1"]], ["zone:b", ["n2"]]]);
    assert.deepEqual(names(grouping.rest), ["NodeDown@n3"]);
  });

  test("the monitor's partition takes every zone's alerts and the zones' partitions", () => {
    const grouping = groupUnderRootCauses([partition("a"), partition(), down("n1", "a"), down("n2"), testAlert({ alertname: "RecoveryFailed", category: "recovery" })]);
    assert.deepEqual(grouping.rootCauses.map((cause) => cause.key), ["monitor"]);
    assert.deepEqual(names(grouping.rootCauses[0].members), ["VigilPartitioned@a", "NodeDown@n1", "NodeDown@n2"]);
    assert.deepEqual(names(grouping.rest), ["RecoveryFailed@-"]);
  });

  test("an alert that resolved before the partition started is not one of its symptoms", () => {
    const early = resolveAlert(down("n1", "a"), T0 - 60_000);
    const late = resolveAlert(down("n2", "a"), T0 + 5_000);
    const grouping = groupUnderRootCauses([partition("a", T0), early, late]);
    assert.deepEqual(names(grouping.rootCauses[0].members), ["NodeDown@n2"]);
    assert.deepEqual(names(grouping.rest), ["NodeDown@n1"]);
  });

  test("works on bare label sets", () => {
    const grouping = groupUnderRootCauses([{ labels: { alertname: "VigilPartitioned", zone: "z" } }, { labels: { alertname: "NodeDown", category: "node", node: "x", zone: "z" } }]);
    assert.deepEqual(grouping.rootCauses[0].nodes, ["x"]);
  });

  test("agrees with the built-in inhibition: what a line holds is what the receivers are spared", () => {
    const alerts = [
      partition("a"),
      down("n1", "a"),
      down("n2", "b"),
      testAlert({ alertname: "ReplicationLag", category: "replication", node: "n3", zone: "a" }),
      testAlert({ alertname: "HighCpu", category: "metric", node: "n4", zone: "a" }),
      testAlert({ alertname: "HotGroupShare", category: "load" }),
      testAlert({ alertname: "RecoveryFrozen", category: "recovery", freeze: "blast-radius" }),
      testAlert({ alertname: "RecoveryFrozen", category: "recovery", freeze: "kill-switch" }),
    ];
    for (const set of [alerts, [...alerts, partition()]]) {
      const members = groupUnderRootCauses(set).rootCauses.flatMap((cause) => cause.members.map((m) => m.fingerprint));
      assert.deepEqual(members.sort(), [...inhibitedBy(set, DEFAULT_INHIBIT_RULES).keys()].sort());
    }
  });
});

describe("detectPartitions", () => {
  const zone = (name: string, total: number, downCount: number) =>
    Array.from({ length: total }, (_, i) =>
      testNode(`${name}-${i}`, { zone: name, ...(i < downCount ? { state: "down" as const, connected: false, stateSince: T0 - 1000 * (i + 1) } : {}) }),
    );

  test("a zone with most of its nodes down at once, and not the others", () => {
    const partitions = detectPartitions([...zone("a", 6, 5), ...zone("b", 6, 1), ...zone("c", 6, 0)]);
    assert.deepEqual(partitions, [{ zone: "a", downShare: 5 / 6, since: T0 - 5000, members: ["a-0", "a-1", "a-2", "a-3", "a-4"], total: 6 }]);
  });

  test("too few nodes down is no partition, however large the share", () => {
    assert.deepEqual(detectPartitions(zone("a", 2, 2)), []);
  });

  test("suspect with the agent gone counts; maintenance does not", () => {
    const nodes = [...zone("a", 4, 2), testNode("s", { zone: "a", state: "suspect", connected: false }), testNode("m", { zone: "a", state: "maintenance" })];
    assert.deepEqual(detectPartitions(nodes).map((p) => [p.zone, p.members]), [["a", ["a-0", "a-1", "s"]]]);
  });

  test("the monitor looks partitioned when most of a multi-zone fleet is down at once", () => {
    const partitions = detectPartitions([...zone("a", 4, 4), ...zone("b", 4, 4), ...zone("c", 4, 0)]);
    assert.deepEqual(partitions.map((p) => p.zone), [null, "a", "b"]);
    assert.equal(partitions[0].members?.length, 8);
    assert.deepEqual(detectPartitions(zone("a", 4, 4)).map((p) => p.zone), ["a"], "a one-zone fleet: the zone says it");
  });

  test("fires VigilPartitioned listing its members, capped, with a count and a link", () => {
    const nodes = zone("a", 30, 25);
    const result = evaluateAlerts({
      now: T0,
      nodes,
      incidents: [],
      outliers: [],
      hotShare: null,
      agentsBehind: [],
      recoveryEvents: [],
      partitions: detectPartitions(nodes),
      logCounts: [],
      rules: defaultAlertRules(),
      previous: emptyEvaluatorState(),
    });
    const alert = result.alerts.find((a) => a.labels.alertname === "VigilPartitioned");
    assert.ok(alert);
    assert.deepEqual(alert.labels, { alertname: "VigilPartitioned", category: "fleet", severity: "critical", zone: "a" });
    assert.equal(alert.annotations.member_count, "25");
    assert.match(alert.annotations.members, /^a-0, a-1, .* and 5 more$/);
    assert.match(alert.annotations.summary, /zone a \(25 of 30 nodes, 83% down at once\)/);
    assert.equal(alert.generatorURL, "/nodes?zone=a&state=down");
    assert.equal(alert.startsAt, T0 - 25_000, "since the first member went down");
    assert.ok(T0 - HOUR < alert.startsAt);
  });
});

test("summariseMembers caps the list and counts the rest", () => {
  assert.equal(summariseMembers(["a", "b"]), "a, b");
  assert.equal(summariseMembers(["a", "b", "c"], 2), "a, b and 1 more");
});

test("detectPartitions ignores nodes not heard from since the caller started (a restart, not a partition)", () => {
  const stale = Array.from({ length: 4 }, (_, i) => testNode(`s-${i}`, { zone: "a", state: "suspect", connected: false, lastHeartbeatAt: T0 - HOUR }));
  assert.deepEqual(detectPartitions(stale, T0 - 1000), []);
  assert.deepEqual(detectPartitions(stale).map((p) => p.zone), ["a"]);
});
