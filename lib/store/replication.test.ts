import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReplicaGroupView } from "../protocol/api/replica-groups";
import { pageReplicaGroups } from "./replication";

function group(id: string, options: { implicit?: boolean; severities?: ("info" | "warning" | "critical")[]; members?: string[] } = {}): ReplicaGroupView {
  return {
    id,
    implicit: options.implicit ?? false,
    key: options.implicit ? `node:${id}` : `group:${id}`,
    epoch: 1,
    primaryId: null,
    primarySince: null,
    members: (options.members ?? [`${id}-a`]).map((nodeId) => ({ nodeId }) as ReplicaGroupView["members"][number]),
    zones: [],
    memberCount: 1,
    healthyCount: 1,
    maxLagMs: null,
    problems: (options.severities ?? []).map((severity, index) => ({ key: `${id}:${index}`, severity }) as ReplicaGroupView["problems"][number]),
    incidents: [],
  };
}

const groups = [
  group("shard-01"),
  group("shard-02", { severities: ["warning"] }),
  group("shard-03", { severities: ["info", "critical"] }),
  group("lonely", { implicit: true, severities: ["critical"] }),
  group("shard-04", { members: ["db-7"] }),
];

test("a page puts troubled groups first, worst first, leaves singles out unless asked, and counts everything", () => {
  const page = pageReplicaGroups(groups, { limit: 10, offset: 0 });
  assert.deepEqual(page.items.map((g) => g.id), ["shard-03", "shard-02", "shard-01", "shard-04"]);
  assert.equal(page.total, 4);
  assert.deepEqual(page.summary, { declared: 4, singles: 1, troubled: 3, critical: 2 });
  assert.deepEqual(pageReplicaGroups(groups, { limit: 10, offset: 0, singles: "1" }).items.map((g) => g.id), ["shard-03", "lonely", "shard-02", "shard-01", "shard-04"]);
});

test("filters and offsets apply before the page is cut", () => {
  assert.deepEqual(pageReplicaGroups(groups, { limit: 10, offset: 0, problems: "1" }).items.map((g) => g.id), ["shard-03", "shard-02"]);
  assert.deepEqual(pageReplicaGroups(groups, { limit: 10, offset: 0, q: "DB-7" }).items.map((g) => g.id), ["shard-04"]);
  const second = pageReplicaGroups(groups, { limit: 2, offset: 2 });
  assert.deepEqual(second.items.map((g) => g.id), ["shard-01", "shard-04"]);
  assert.equal(second.total, 4);
});
