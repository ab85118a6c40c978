import assert from "node:assert/strict";
import { test } from "node:test";
import { groupUnderRootCauses } from "@/lib/alerts/root-cause";
import type { Incident } from "./incident-types";
import { groupIncidentsUnderRootCauses, incidentNodes, type IncidentCauseAlert } from "./incident-root-causes";

function incident(id: number, kind: string, subject: string, detail: unknown = null, status: Incident["status"] = "open"): Incident {
  return { id, key: `replication:${kind}:${subject}`, kind, severity: "critical", subject, message: `${kind} ${subject}`, detail, status, openedAt: 1, updatedAt: 1, resolvedAt: null, acknowledgedBy: null };
}

const alerts: IncidentCauseAlert[] = [
  { labels: { alertname: "VigilPartitioned", category: "fleet", zone: "a" }, annotations: {} },
  { labels: { alertname: "NodeDown", category: "node", node: "a-1", zone: "a" }, annotations: {} },
  { labels: { alertname: "NodeDown", category: "node", node: "a-2", zone: "a" }, annotations: {} },
  { labels: { alertname: "GroupWithoutPrimary", category: "replication", group: "g7", zone: "a" }, annotations: { incident: "7" } },
  { labels: { alertname: "NodeDown", category: "node", node: "b-1", zone: "b" }, annotations: {} },
];

test("a partition's incidents collapse under it: by their alert, or by a node it took down", () => {
  const { rootCauses } = groupUnderRootCauses(alerts);
  const incidents = [
    incident(7, "no_healthy_primary", "g7"),
    incident(8, "no_healthy_primary", "g8", { primaryId: "a-2", primaryState: "down", epoch: 1 }),
    incident(9, "replica_link_down", "c-1", { following: "a-1", lagMs: null }),
    incident(10, "no_healthy_primary", "g10", { primaryId: "b-1", primaryState: "down", epoch: 1 }),
    incident(11, "replication_lag", "a-1", null, "resolved"),
  ];
  const { underCauses, rest } = groupIncidentsUnderRootCauses(incidents, rootCauses);
  assert.deepEqual(underCauses.map((entry) => [entry.cause.key, entry.incidents.map((i) => i.id)]), [["zone:a", [7, 8, 9]]]);
  assert.deepEqual(rest.map((i) => i.id), [10, 11], "another zone's, and resolved ones, stay rows of their own");
});

test("no firing partition, no grouping", () => {
  const { rootCauses } = groupUnderRootCauses(alerts.slice(1));
  const list = [incident(1, "no_healthy_primary", "g1")];
  assert.deepEqual(groupIncidentsUnderRootCauses(list, rootCauses), { underCauses: [], rest: list });
});

test("incidentNodes reads the subject and the nodes the detail names", () => {
  assert.deepEqual(incidentNodes(incident(1, "split_brain", "g1", { primaryIds: ["x", "y"], recognisedPrimaryId: "x", epoch: 2 })), ["g1", "x", "y"]);
});
