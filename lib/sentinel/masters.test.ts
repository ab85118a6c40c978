import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus } from "../replication";
import { T0, fleetNode, healthyGroup, inState, reportsRole, withNode } from "../replication/fixtures";
import type { NodeView } from "../protocol/views";
import { applyPendingSwitches, parseHostPort, sentinelView, switchMessage, switchedMasters } from "./masters";

const view = (nodes: NodeView[]) => sentinelView(replicaGroupStatus(nodes, null, T0, DEFAULT_REPLICATION_SETTINGS).groups, nodes);

test("parseHostPort: host:port and bracketed IPv6; malformed or out-of-range ports are null", () => {
  assert.deepEqual(parseHostPort("10.0.0.5:6379"), { host: "10.0.0.5", port: 6379 });
  assert.deepEqual(parseHostPort("redis-a.internal:7000"), { host: "redis-a.internal", port: 7000 });
  assert.deepEqual(parseHostPort("[fd00::1]:6380"), { host: "fd00::1", port: 6380 });
  for (const bad of ["", null, undefined, "host", "host:0", "host:70000", "fd00::1:6379"]) assert.equal(parseHostPort(bad), null, String(bad));
});

test("a replica group is a master named by its id, at its recognised primary's data address, with its replicas", () => {
  const masters = view(healthyGroup("kv"));
  const kv = masters.get("kv");
  assert.ok(kv);
  assert.equal(kv.host, "sim-a-001.sim.local");
  assert.equal(kv.port, 6379);
  assert.equal(kv.nodeId, "sim-a-001");
  assert.deepEqual(kv.replicas.map((r) => r.nodeId), ["sim-b-002", "sim-c-003"]);
  assert.equal(kv.down, false);
});

test("a group whose primary reports no address is not a master (get-master-addr-by-name answers null)", () => {
  const nodes = withNode(healthyGroup("kv"), "sim-a-001", (node) => ({ ...node, replication: node.replication && { ...node.replication, address: null } }));
  assert.equal(view(nodes).has("kv"), false);
});

test("replicas without an address are left out; plain hosts (no role) are no masters", () => {
  const nodes = [...withNode(healthyGroup("kv"), "sim-b-002", (node) => ({ ...node, replication: node.replication && { ...node.replication, address: undefined } })), fleetNode("web-1")];
  const masters = view(nodes);
  assert.deepEqual(masters.get("kv")?.replicas.map((r) => r.nodeId), ["sim-c-003"]);
  assert.deepEqual([...masters.keys()], ["kv"]);
});

test("a down primary stays the answer, flagged down, until another member is recognised", () => {
  const down = withNode(healthyGroup("kv"), "sim-a-001", inState("down"));
  assert.equal(view(down).get("kv")?.nodeId, "sim-a-001");
  assert.equal(view(down).get("kv")?.down, true);
  const promoted = withNode(withNode(down, "sim-a-001", (node) => ({ ...node, replication: null })), "sim-b-002", reportsRole("primary"));
  const after = view(promoted);
  assert.equal(after.get("kv")?.nodeId, "sim-b-002");
  assert.deepEqual(switchedMasters(view(down), after), [{ name: "kv", from: { host: "sim-a-001.sim.local", port: 6379 }, to: { host: "sim-b-002.sim.local", port: 6379 } }]);
});

test("switchedMasters: only moves of known masters, not groups appearing or vanishing", () => {
  const before = view(healthyGroup("kv"));
  assert.deepEqual(switchedMasters(new Map(), before), []);
  assert.deepEqual(switchedMasters(before, new Map()), []);
  assert.deepEqual(switchedMasters(before, before), []);
});

test("a pending switch answers the new address until the live view moves", () => {
  const live = view(healthyGroup("kv"));
  const to = { host: "sim-c-003.sim.local", port: 6379 };
  const answered = applyPendingSwitches(live, new Map([["kv", { to, was: { host: "sim-a-001.sim.local", port: 6379 }, nodeId: "sim-c-003", at: T0 }]]));
  const kv = answered.get("kv");
  assert.equal(kv?.host, to.host);
  assert.equal(kv?.nodeId, "sim-c-003");
  assert.deepEqual(kv?.replicas.map((r) => r.nodeId), ["sim-b-002"], "the new primary is no longer listed as a replica");
  assert.equal(live.get("kv")?.host, "sim-a-001.sim.local", "the live view itself is not changed");
});

test("switchMessage is Sentinel's +switch-master payload", () => {
  assert.equal(switchMessage("kv", { host: "10.0.0.1", port: 6379 }, { host: "10.0.0.2", port: 6380 }), "kv 10.0.0.1 6379 10.0.0.2 6380");
});
