import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "@/lib/protocol/views";
import { appendCpuHistory, countServiceProblems, countStates, filterNodes, matchesNodeFilter, mergeInto, naturalKey, reconcileInto, sortNodes } from "./fleet-nodes";
import type { CpuHistory } from "./fleet-nodes";

function makeNode(id: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    id,
    hostname: `${id}.example`,
    address: null,
    zone: "z1",
    group: null,
    role: null,
    labels: {},
    weight: 1,
    agentVersion: "1.0.0",
    state: "healthy",
    stateReason: null,
    stateSince: 0,
    placementEpoch: null,
    phi: 0,
    connected: true,
    firstSeenAt: 0,
    lastHeartbeatAt: 1000,
    metrics: { cpu: 0.5, mem: 0.5, disk: 0.5, netIn: 0, netOut: 0, load1: 1, latencyMs: 1, errorRate: 0, custom: null },
    replication: null,
    ...overrides,
  };
}

test("mergeInto replaces by id in place", () => {
  const known = new Map([["a", makeNode("a")], ["b", makeNode("b")]]);
  mergeInto(known, [makeNode("b", { state: "down" }), makeNode("c")]);
  assert.equal(known.size, 3);
  assert.equal(known.get("b")?.state, "down");
});

test("appendCpuHistory appends once per heartbeat and caps the length", () => {
  const history: CpuHistory = new Map();
  appendCpuHistory(history, [makeNode("a", { lastHeartbeatAt: 1 })], 3);
  assert.equal(appendCpuHistory(history, [makeNode("a", { lastHeartbeatAt: 1, state: "suspect" })], 3), 0);
  for (let beat = 2; beat <= 5; beat += 1) {
    const metrics = { ...makeNode("a").metrics!, cpu: beat / 10 };
    appendCpuHistory(history, [makeNode("a", { lastHeartbeatAt: beat, metrics })], 3);
  }
  assert.deepEqual(history.get("a")?.values, [0.3, 0.4, 0.5]);
  assert.equal(appendCpuHistory(history, [makeNode("b", { metrics: null })], 3), 0);
});

test("matchesNodeFilter combines state, zone and text", () => {
  const node = makeNode("db-7", { zone: "eu-1", group: "shard-3", labels: { rack: "r12" } });
  const all = { states: new Set<NodeView["state"]>(), zone: null, query: "" };
  assert.ok(matchesNodeFilter(node, all));
  assert.ok(matchesNodeFilter(node, { ...all, query: "SHARD-3" }));
  assert.ok(matchesNodeFilter(node, { ...all, query: "rack=r1" }));
  assert.ok(!matchesNodeFilter(node, { ...all, zone: "us-1" }));
  assert.ok(!matchesNodeFilter(node, { ...all, states: new Set(["down"]) }));
  // One field at a time: a query never matches across the end of one field and the start of the next.
  assert.ok(!matchesNodeFilter(node, { ...all, query: "example\ne" }));
});

test("filterNodes keeps order and matches each node's fields after a delta replaced it", () => {
  const nodes = [makeNode("web-1"), makeNode("db-1", { hostname: "primary.db" }), makeNode("web-2", { state: "down" })];
  const all = { states: new Set<NodeView["state"]>(), zone: null, query: "" };
  assert.deepEqual(filterNodes(nodes, { ...all, query: "web" }).map((n) => n.id), ["web-1", "web-2"]);
  assert.deepEqual(filterNodes(nodes, { ...all, query: "PRIMARY" }).map((n) => n.id), ["db-1"]);
  assert.deepEqual(filterNodes(nodes, { ...all, query: "web", states: new Set(["down"]) }).map((n) => n.id), ["web-2"]);
  const renamed = [makeNode("web-1", { hostname: "edge.example" })];
  assert.deepEqual(filterNodes(renamed, { ...all, query: "edge" }).map((n) => n.id), ["web-1"]);
});

test("naturalKey orders like a numeric, case-insensitive collation", () => {
  const names = ["sim-a-10", "Sim-a-9", "sim-a-100", "sim-b-1", "sim-a-009x"];
  const sorted = [...names].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : naturalKey(a) > naturalKey(b) ? 1 : 0));
  assert.deepEqual(sorted, ["Sim-a-9", "sim-a-009x", "sim-a-10", "sim-a-100", "sim-b-1"]);
});

test("sortNodes orders numerically, puts missing values last and breaks ties by id", () => {
  const nodes = [
    makeNode("n10", { phi: 1 }),
    makeNode("n2", { phi: 1 }),
    makeNode("n1", { phi: 5 }),
    makeNode("n3", { metrics: null }),
  ];
  assert.deepEqual(sortNodes(nodes, { key: "id", direction: "asc" }).map((n) => n.id), ["n1", "n2", "n3", "n10"]);
  assert.deepEqual(sortNodes(nodes, { key: "phi", direction: "desc" }).map((n) => n.id), ["n1", "n2", "n10", "n3"]);
  assert.deepEqual(sortNodes(nodes, { key: "cpu", direction: "desc" }).map((n) => n.id).at(-1), "n3");
  assert.deepEqual(sortNodes(nodes, { key: "cpu", direction: "asc" }).map((n) => n.id).at(-1), "n3");
  const bySeverity = sortNodes([makeNode("h"), makeNode("d", { state: "down" })], { key: "state", direction: "desc" });
  assert.equal(bySeverity[0].id, "d");
});

test("countStates counts every state", () => {
  const counts = countStates([makeNode("a"), makeNode("b", { state: "down" }), makeNode("c", { state: "down" })]);
  assert.deepEqual(counts, { healthy: 1, suspect: 0, down: 2, maintenance: 0, unknown: 0 });
});

test("reconcileInto keeps whichever copy of a node is fresher", () => {
  const known = new Map([
    ["a", makeNode("a", { lastHeartbeatAt: 500, state: "suspect" })],
    ["b", makeNode("b", { lastHeartbeatAt: 3000, state: "down" })],
    ["c", makeNode("c", { lastHeartbeatAt: 10 })],
  ]);
  reconcileInto(known, [makeNode("a", { lastHeartbeatAt: 1000 }), makeNode("b", { lastHeartbeatAt: 2000 })]);
  assert.equal(known.get("a")?.state, "healthy");
  assert.equal(known.get("b")?.state, "down");
  assert.ok(known.has("c"));
});

test("a healthy agent whose service is down sorts with the troubled nodes and is counted apart", () => {
  const service = (status: "ok" | "degraded" | "down") => ({ status, reason: status, since: 0, current: status, lastProblemAt: null, outages: [] });
  const nodes = [
    makeNode("ok", { service: service("ok") }),
    makeNode("sick", { service: service("down") }),
    makeNode("dead", { state: "down", service: service("ok") }),
    makeNode("slow", { service: service("degraded") }),
    makeNode("hot", { metrics: { cpu: 0.5, mem: 0.5, disk: 0.5, netIn: 0, netOut: 0, load1: 1, latencyMs: 300, errorRate: 0.2, custom: null } }),
  ];
  assert.deepEqual(sortNodes(nodes, { key: "state", direction: "desc" }).map((n) => n.id), ["dead", "sick", "slow", "hot", "ok"]);
  assert.deepEqual(sortNodes(nodes, { key: "errorRate", direction: "desc" })[0].id, "hot");
  assert.deepEqual(sortNodes(nodes, { key: "latencyMs", direction: "desc" })[0].id, "hot");
  assert.equal(countServiceProblems(nodes), 2);
});
