import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AlertView } from "../protocol/api/alerts";
import type { IncidentView } from "../protocol/api/incidents";
import type { NodeView } from "../protocol/api/nodes";
import { summariseProblems, type ProblemAction, type ProblemsInput } from "./summarise-problems";
import { judgeVigilHealth, type VigilHealthInput } from "./vigil-health";

const NOW = 1_800_000_000_000;

function node(id: string, zone: string, state: NodeView["state"] = "healthy", connected = state !== "down"): NodeView {
  return {
    id,
    hostname: id,
    address: null,
    zone,
    group: null,
    role: null,
    labels: {},
    weight: 1,
    agentVersion: null,
    state,
    stateReason: null,
    stateSince: NOW - 60_000,
    phi: 0,
    connected,
    firstSeenAt: NOW - 3_600_000,
    lastHeartbeatAt: NOW - 1000,
    metrics: null,
    replication: null,
    placementEpoch: null,
  };
}

function alert(labels: Record<string, string>, startsAt = NOW - 30_000): AlertView {
  return { fingerprint: JSON.stringify(labels), labels, annotations: { summary: `${labels.alertname} fired` }, startsAt, endsAt: null, status: "firing", updatedAt: startsAt };
}

function incident(id: number, kind: string, subject: string, detail: unknown = null): IncidentView {
  return { id, key: `replication:${kind}:${subject}`, kind, severity: "critical", subject, message: `${subject}: ${kind}`, detail, status: "open", openedAt: NOW - 20_000, updatedAt: NOW - 20_000, resolvedAt: null, acknowledgedBy: null };
}

/** Three zones of four nodes. */
function fleet(overrides: Record<string, NodeView["state"]> = {}): NodeView[] {
  return ["a", "b", "c"].flatMap((z) => [1, 2, 3, 4].map((i) => node(`n-${z}${i}`, `zone-${z}`, overrides[`n-${z}${i}`] ?? "healthy")));
}

function input(over: Partial<ProblemsInput> = {}): ProblemsInput {
  return {
    now: NOW,
    nodes: fleet(),
    alerts: [],
    incidents: [],
    recovery: { freezes: [], blocks: [], killSwitch: { frozen: false, by: null, at: null, reason: null } },
    actions: [],
    health: null,
    ...over,
  };
}

const okHealth: VigilHealthInput = {
  now: NOW,
  instanceId: "i1",
  eventLoopLagMs: 3,
  ingestBacklogMs: 0,
  detection: { distrustedUntil: null, reason: null },
  leadership: { isLeader: true, alone: true, lostAt: null },
  nodeWrites: { queued: 0, failing: 0 },
};

describe("summariseProblems", () => {
  test("nothing wrong: all clear, no lines, zero counts", () => {
    const view = summariseProblems(input({ health: judgeVigilHealth(okHealth) }));
    assert.equal(view.allClear, true);
    assert.deepEqual(view.lines, []);
    assert.deepEqual(view.counts, { incidents: 0, criticalAlerts: 0, held: 0, recoveries: 0 });
  });

  test("a partitioned zone is one root-cause line with its node alerts, incidents and blocks collapsed under it", () => {
    const down = { "n-b1": "down", "n-b2": "down", "n-b3": "down", "n-b4": "suspect" } as const;
    const nodes = fleet(down).map((n) => (n.id === "n-b4" ? { ...n, connected: false } : n));
    const view = summariseProblems(
      input({
        nodes,
        alerts: [
          alert({ alertname: "VigilPartitioned", severity: "critical", category: "fleet", zone: "zone-b" }),
          ...["n-b1", "n-b2", "n-b3"].map((id) => alert({ alertname: "NodeDown", severity: "critical", category: "node", node: id, zone: "zone-b" })),
          alert({ alertname: "HighCpu", severity: "critical", category: "metric", node: "n-b1" }),
          alert({ alertname: "RecoveryFrozen", severity: "critical", category: "recovery", freeze: "blast-radius" }),
        ],
        incidents: [incident(1, "no_healthy_primary", "g-b", { primaryId: "n-b1" }), incident(2, "replica_link_down", "n-b2")],
        recovery: {
          freezes: [{ id: "blast-radius:1", kind: "blast-radius", scope: "destructive", reason: "Vigil may be partitioned", since: NOW - 10_000, until: null }],
          blocks: [{ id: "b1", kind: "no-candidate", groupId: "g-b", nodeId: "n-b1", actionKind: "promote", actionId: null, reason: "no candidate", acknowledgeable: false, raises: null, until: null }],
          killSwitch: { frozen: false, by: null, at: null, reason: null },
        },
      }),
    );
    assert.equal(view.allClear, false);
    assert.deepEqual(view.lines.map((l) => [l.kind, l.id]), [["partition", "partition:zone-b"]], "one line: no separate NodeDown, incident, freeze or block lines");
    const [line] = view.lines;
    assert.equal(line.count, 4);
    assert.match(line.title, /zone-b.*4 of 4/);
    assert.match(line.doing ?? "", /frozen: blast radius/);
    assert.equal(line.href, "/nodes?zone=zone-b&state=down,suspect");
    assert.deepEqual(line.members.map((m) => [m.count, m.href]), [[4, "/nodes?zone=zone-b&state=down,suspect"], [5, "/alerts"], [2, "/incidents"], [1, "/recovery"]]);
    assert.equal(view.counts.criticalAlerts, 6, "the sidebar counts what the alert list shows");
    assert.equal(view.counts.incidents, 2);
  });

  test("the blast-radius criterion alone (no partition alert yet) makes the line; other zones' problems stay separate", () => {
    const view = summariseProblems(
      input({
        nodes: fleet({ "n-c1": "down", "n-c2": "down", "n-c3": "down", "n-a1": "down" }),
        alerts: [alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-a1", zone: "zone-a" }), alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-c1", zone: "zone-c" })],
      }),
    );
    assert.deepEqual(view.lines.map((l) => l.id), ["partition:zone-c", "alert:NodeDown:zone-a"]);
    assert.match(view.lines[0].doing ?? "", /about to freeze/);
  });

  test("a fleet-sized zone failure is still one line: 1,104 down nodes, their alerts and incidents", () => {
    const nodes = [
      ...Array.from({ length: 1104 }, (_, i) => node(`d-${i}`, "zone-x", "down")),
      ...Array.from({ length: 3000 }, (_, i) => node(`h-${i}`, `zone-${i % 3}`)),
    ];
    const alerts = nodes.filter((n) => n.state === "down").map((n) => alert({ alertname: "NodeDown", severity: "critical", category: "node", node: n.id, zone: "zone-x" }));
    const incidents = nodes.slice(0, 300).map((n, i) => incident(i + 1, "replica_link_down", n.id));
    const view = summariseProblems(input({ nodes, alerts, incidents }));
    assert.deepEqual(view.lines.map((l) => [l.id, l.count]), [["partition:zone-x", 1104]]);
    assert.deepEqual(view.lines[0].members.map((m) => m.count), [1104, 1104, 300]);
  });

  test("the monitor's own partition alert is one line for the whole fleet", () => {
    const view = summariseProblems(
      input({
        alerts: [
          alert({ alertname: "VigilPartitioned", severity: "critical", category: "fleet" }),
          alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-a1", zone: "zone-a" }),
        ],
      }),
    );
    assert.deepEqual(view.lines.map((l) => [l.id, l.members.map((m) => m.href)]), [["partition:fleet", ["/nodes?state=down,suspect", "/alerts"]]]);
  });

  test("most of the fleet down at once is one line for the monitor itself, not one per zone", () => {
    const view = summariseProblems(input({ nodes: fleet({ "n-a1": "down", "n-a2": "down", "n-a3": "down", "n-b1": "down", "n-b2": "down", "n-b3": "down", "n-c1": "down" }) }));
    assert.deepEqual(view.lines.map((l) => [l.id, l.href]), [["partition:fleet", "/nodes?state=down,suspect"]]);
    assert.match(view.lines[0].title, /cut off from the fleet: 7 of 12/);
  });

  test("critical alerts are grouped by rule and zone; warnings and recovery events are not lines", () => {
    const view = summariseProblems(
      input({
        alerts: [
          alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-a1", zone: "zone-a" }),
          alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-a2", zone: "zone-a" }),
          alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-b1", zone: "zone-b" }),
          alert({ alertname: "HighLoad", severity: "warning", category: "metric", node: "n-a3" }),
          alert({ alertname: "RecoveryFrozen", severity: "critical", category: "recovery" }),
        ],
      }),
    );
    assert.deepEqual(view.lines.map((l) => [l.title, l.severity, l.count]), [
      ["2 × NodeDown in zone zone-a", "critical", 2],
      ["NodeDown in zone zone-b", "critical", 1],
      ["1 recovery event alert still firing: RecoveryFrozen", "info", 1],
    ]);
    assert.equal(view.lines[0].detail, "n-a1, n-a2");
    assert.equal(view.counts.criticalAlerts, 4, "the sidebar counts what the alert list shows");
  });

  test("freezes: the operator's kill switch is a warning; a blast-radius freeze winding down is info and leaves all clear", () => {
    const killSwitch = { frozen: true, by: "ops@example.com", at: NOW - 5000, reason: "maintenance" };
    const frozen = summariseProblems(
      input({ recovery: { freezes: [{ id: "kill-switch", kind: "kill-switch", scope: "all", reason: "frozen", since: NOW - 5000, until: null }], blocks: [], killSwitch } }),
    );
    assert.equal(frozen.allClear, false);
    assert.equal(frozen.lines[0].title, "Recovery frozen by ops@example.com: maintenance");
    assert.equal(frozen.counts.held, 1);

    const lifting = summariseProblems(
      input({ recovery: { freezes: [{ id: "blast-radius:1", kind: "blast-radius", scope: "destructive", reason: "clear for 5 s", since: NOW - 60_000, until: NOW + 55_000 }], blocks: [], killSwitch: { frozen: false, by: null, at: null, reason: null } } }),
    );
    assert.equal(lifting.allClear, true);
    assert.equal(lifting.lines[0].severity, "info");
    assert.equal(lifting.counts.held, 0);
  });

  test("incidents by kind, blocks by kind (waits left out), recoveries running and recent", () => {
    const action = (id: string, state: string, finishedAt: number | null, outcome: string | null = null): ProblemAction => ({ id, kind: "promote", target: id, state, groupId: "g", createdAt: NOW - 100_000, finishedAt, outcome, source: "planner" });
    const view = summariseProblems(
      input({
        incidents: [incident(1, "split_brain", "g1"), incident(2, "split_brain", "g2")],
        recovery: {
          freezes: [],
          blocks: [
            { id: "b1", kind: "anti-flap", groupId: "g1", nodeId: null, actionKind: "promote", actionId: null, reason: "flapped", acknowledgeable: true, raises: null, until: null },
            { id: "b2", kind: "confirming", groupId: "g2", nodeId: null, actionKind: "promote", actionId: null, reason: "confirming", acknowledgeable: false, raises: null, until: null },
          ],
          killSwitch: { frozen: false, by: null, at: null, reason: null },
        },
        actions: [action("r1", "running", null), action("f1", "failed", NOW - 60_000, "agent refused"), action("s1", "succeeded", NOW - 60_000), action("old", "succeeded", NOW - 20 * 60_000)],
      }),
    );
    assert.deepEqual(
      view.lines.map((l) => [l.kind, l.severity, l.count]),
      [["incident", "critical", 2], ["block", "warning", 1], ["recovery", "warning", 1], ["recovery", "info", 1], ["recovery", "info", 1]],
    );
    assert.equal(view.lines[1].doing, "waiting for a human to acknowledge");
    assert.equal(view.lines[2].detail, "agent refused");
    assert.equal(view.counts.recoveries, 1);
  });

  test("Vigil's own trouble comes first and says the verdicts may be false", () => {
    const health = judgeVigilHealth({ ...okHealth, eventLoopLagMs: 2400, ingestBacklogMs: 3000 });
    const view = summariseProblems(input({ health, alerts: [alert({ alertname: "NodeDown", severity: "critical", category: "node", node: "n-a1", zone: "zone-a" })] }));
    assert.equal(view.lines[0].kind, "vigil");
    assert.match(view.lines[0].title, /overloaded/);
    assert.match(view.lines[0].doing ?? "", /may be false/);
  });
});

describe("judgeVigilHealth", () => {
  test("healthy: ok, verdicts reliable", () => {
    const health = judgeVigilHealth(okHealth);
    assert.equal(health.level, "ok");
    assert.equal(health.verdictsReliable, true);
    assert.deepEqual(health.conditions, []);
  });

  test("startup grace is a warning with unreliable verdicts", () => {
    const health = judgeVigilHealth({ ...okHealth, detection: { distrustedUntil: NOW + 4000, reason: "server starting" } });
    assert.equal(health.level, "warning");
    assert.equal(health.verdictsReliable, false);
    assert.deepEqual(health.conditions.map((c) => c.kind), ["detection-grace"]);
  });

  test("overload, stall, backlog and database errors are critical; a follower that lost the lease is a warning", () => {
    const bad = judgeVigilHealth({
      ...okHealth,
      eventLoopLagMs: 900,
      ingestBacklogMs: 1500,
      detection: { distrustedUntil: NOW + 3000, reason: "event loop stalled for 1800 ms" },
      nodeWrites: { queued: 12, failing: 3 },
    });
    assert.equal(bad.level, "critical");
    assert.deepEqual(bad.conditions.map((c) => c.kind), ["overloaded", "stalled", "ingest-backlog", "database-errors"]);
    const follower = judgeVigilHealth({ ...okHealth, leadership: { isLeader: false, alone: false, lostAt: NOW - 10_000 } });
    assert.equal(follower.level, "warning");
    assert.equal(follower.verdictsReliable, true);
    assert.deepEqual(follower.conditions.map((c) => c.kind), ["leadership-lost"]);
    assert.equal(judgeVigilHealth({ ...okHealth, leadership: { isLeader: false, alone: true, lostAt: null } }).conditions[0].kind, "not-leader");
  });
});
