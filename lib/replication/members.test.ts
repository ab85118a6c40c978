import assert from "node:assert/strict";
import { test } from "node:test";
import { healthyGroup, withNode } from "./fixtures";
import { addressClaimants, membershipOf, toMembers } from "./members";
import type { NodeView } from "../protocol/views";

const [A, B, C] = ["sim-a-001", "sim-b-002", "sim-c-003"];

function reporting(extra: Partial<NonNullable<NodeView["replication"]>>): (node: NodeView) => NodeView {
  return (node) => ({ ...node, replication: node.replication ? { ...node.replication, ...extra } : node.replication });
}

test("each member's reported address is its address when no other member claims it", () => {
  const members = toMembers(healthyGroup());
  assert.deepEqual(members.map((m) => [m.nodeId, m.address, m.reportedAddress]), [
    [A, `${A}.sim.local:6379`, `${A}.sim.local:6379`],
    [B, `${B}.sim.local:6379`, `${B}.sim.local:6379`],
    [C, `${C}.sim.local:6379`, `${C}.sim.local:6379`],
  ]);
});

test("two members claiming one address (an impostor, a misconfiguration): neither address is used, both are named", () => {
  const nodes = withNode(healthyGroup(), C, reporting({ address: `${B.toUpperCase()}.sim.local:6379` }));
  const members = toMembers(nodes);
  assert.deepEqual(members.map((m) => [m.nodeId, m.address]), [[A, `${A}.sim.local:6379`], [B, null], [C, null]]);
  assert.deepEqual(addressClaimants(members[1], members), [C]);
  assert.deepEqual(membershipOf(nodes), [
    { nodeId: A, address: `${A}.sim.local:6379` },
    { nodeId: B, address: null },
    { nodeId: C, address: null },
  ]);
});

test("following falls back to the member whose address the replica's data store follows", () => {
  const nodes = withNode(withNode(healthyGroup(), B, reporting({ following: null, followingAddress: `${A}.sim.local:6379` })), C, reporting({ following: null, followingAddress: "unknown-host:6379" }));
  const byId = new Map(toMembers(nodes).map((m) => [m.nodeId, m]));
  assert.equal(byId.get(B)?.following, A);
  assert.equal(byId.get(C)?.following, null, "an address no member has maps to nobody");
});

test("what the agent names wins over the address; an ambiguous address maps to nobody", () => {
  const named = withNode(healthyGroup(), B, reporting({ following: C, followingAddress: `${A}.sim.local:6379` }));
  assert.equal(toMembers(named).find((m) => m.nodeId === B)?.following, C);
  const ambiguous = withNode(withNode(healthyGroup(), C, reporting({ address: `${A}.sim.local:6379` })), B, reporting({ following: null, followingAddress: `${A}.sim.local:6379` }));
  assert.equal(toMembers(ambiguous).find((m) => m.nodeId === B)?.following, null);
});
