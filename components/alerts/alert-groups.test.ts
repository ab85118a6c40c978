import assert from "node:assert/strict";
import { test } from "node:test";
import { alertDurationMs, alertLinks, chipLabels, compareAlerts, groupAlertsByName, rootCauseAction, rootCauseNodeCount, rootCauseTitle, UNNAMED_ALERT, type GroupableAlert } from "./alert-groups";

let serial = 0;
function alert(name: string, severity: string, status: "firing" | "resolved", startsAt: number, extra: Record<string, string> = {}): GroupableAlert {
  serial += 1;
  return { fingerprint: `fp${serial}`, labels: { alertname: name, severity, ...extra }, status, startsAt, endsAt: status === "resolved" ? startsAt + 1000 : null };
}

test("groups by alertname, firing and critical groups first", () => {
  const alerts = [
    alert("LoadOutlier", "info", "firing", 1),
    alert("NodeDown", "critical", "resolved", 2),
    alert("NodeSuspectTooLong", "warning", "firing", 3),
    alert("NodeDown", "critical", "firing", 4),
    alert("NodeDown", "critical", "firing", 5),
    alert("ReplicationLag", "warning", "resolved", 6),
  ];
  const groups = groupAlertsByName(alerts);
  assert.deepEqual(
    groups.map((group) => [group.alertname, group.firing, group.resolved, group.worstSeverity]),
    [
      ["NodeDown", 2, 1, "critical"],
      ["NodeSuspectTooLong", 1, 0, "warning"],
      ["LoadOutlier", 1, 0, "info"],
      ["ReplicationLag", 0, 1, "warning"],
    ],
  );
  assert.deepEqual(groups[0].alerts.map((a) => [a.status, a.startsAt]), [["firing", 5], ["firing", 4], ["resolved", 2]], "firing newest first, then resolved");
});

test("the group's severity is its worst firing alert's", () => {
  const [group] = groupAlertsByName([alert("HighCpu", "critical", "resolved", 1), alert("HighCpu", "warning", "firing", 2)]);
  assert.equal(group.worstSeverity, "warning");
});

test("alerts without a name still group, and sorting is stable", () => {
  const nameless: GroupableAlert = { fingerprint: "x", labels: { severity: "info" }, status: "firing", startsAt: 1, endsAt: null };
  assert.equal(groupAlertsByName([nameless])[0].alertname, UNNAMED_ALERT);
  const a = alert("A", "info", "firing", 10);
  const b = { ...a, fingerprint: "zzz" };
  assert.ok(compareAlerts(a, b) < 0);
});

test("duration runs to now while firing and to endsAt once resolved", () => {
  assert.equal(alertDurationMs({ startsAt: 1000, endsAt: null, status: "firing" }, 61_000), 60_000);
  assert.equal(alertDurationMs({ startsAt: 1000, endsAt: 5000, status: "resolved" }, 61_000), 4000);
});

test("chips leave out what the header says and lead with node, group, zone", () => {
  assert.deepEqual(chipLabels({ alertname: "NodeDown", severity: "critical", zone: "z", category: "node", node: "n1", group: "g" }), [
    ["node", "n1"],
    ["group", "g"],
    ["zone", "z"],
    ["category", "node"],
  ]);
});

test("links lead to the node, its replica group and its zone", () => {
  assert.deepEqual(alertLinks({ alertname: "NodeDown", node: "sim a/1", group: "rg-1", zone: "zone-a" }).map((link) => link.href), [
    "/nodes/sim%20a%2F1",
    "/replica-groups?group=rg-1",
    "/nodes?zone=zone-a",
  ]);
  assert.deepEqual(alertLinks({ alertname: "HotGroupShare" }), []);
});

test("a root-cause line says what is down and what Vigil is doing about it", () => {
  const cause = { kind: "zone" as const, zone: "zone-a", alert: { annotations: { member_count: "17" } }, nodes: ["a", "b"] };
  assert.equal(rootCauseTitle(cause), "zone-a looks partitioned: 17 nodes down");
  assert.equal(rootCauseTitle({ ...cause, zone: "eu-1" }), "Zone eu-1 looks partitioned: 17 nodes down");
  assert.equal(rootCauseNodeCount({ ...cause, alert: {} }), 2);
  assert.equal(rootCauseTitle({ kind: "monitor", zone: null, alert: {}, nodes: ["x"] }), "Vigil looks partitioned from the fleet: 1 node down");
  assert.equal(rootCauseAction(null), null, "unknown until the status loads");
  assert.equal(rootCauseAction([{ kind: "self-check", reason: "stall", until: 5 }, { kind: "blast-radius", reason: "55%", until: null }])?.text, "recovery frozen (blast radius)");
  assert.equal(rootCauseAction([])?.tone, "none");
});
