import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeView } from "../protocol/api/nodes";
import { queryNodes } from "./node-query";

const node = (id: string, extra: Partial<NodeView> = {}): NodeView => ({
  id, hostname: `${id}.example`, address: null, zone: "z1", group: null, role: null, labels: {}, weight: 1, agentVersion: null, state: "healthy",
  stateReason: null, stateSince: 0, phi: 0, connected: true, firstSeenAt: 0, lastHeartbeatAt: null, metrics: null, replication: null, placementEpoch: null,
  ...extra,
});

test("filters, orders by id and pages with a cursor like the stored query", () => {
  const nodes = [node("web-3"), node("db-1", { zone: "z2", state: "down" }), node("web-1"), node("WEB-2")];
  const first = queryNodes(nodes, { q: "web", limit: 2 });
  assert.deepEqual(first.items.map((n) => n.id), ["WEB-2", "web-1"]);
  assert.equal(first.total, 3);
  assert.equal(first.nextCursor, "web-1");
  const second = queryNodes(nodes, { q: "web", limit: 2, cursor: first.nextCursor ?? undefined });
  assert.deepEqual(second.items.map((n) => n.id), ["web-3"]);
  assert.equal(second.nextCursor, null);
  assert.deepEqual(queryNodes(nodes, { state: "down", limit: 10 }).items.map((n) => n.id), ["db-1"]);
  assert.deepEqual(queryNodes(nodes, { zone: "z2", q: "EXAMPLE", limit: 10 }).items.map((n) => n.id), ["db-1"]);
});
