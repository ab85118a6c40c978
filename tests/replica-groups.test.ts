import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Replication } from "../lib/protocol";
import type { IncidentView } from "../lib/protocol/api/incidents";
import type { ReplicaGroupView } from "../lib/protocol/api/replica-groups";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

let server: VigilProcess;
const agents: RawAgent[] = [];
const reports = new Map<string, Replication>();
let offset = 1000;

before(async () => {
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "500", VIGIL_STARTUP_GRACE_MS: "0" } });
  const layout: [string, "primary" | "replica", string][] = [
    ["g1-p", "primary", "zone-a"],
    ["g1-r1", "replica", "zone-b"],
    ["g1-r2", "replica", "zone-c"],
  ];
  for (const [nodeId, role, zone] of layout) {
    reports.set(nodeId, role === "primary" ? { role, offset, lagMs: 0, linkUp: true } : { role, offset: offset - 10, lagMs: 20, linkUp: true, following: "g1-p" });
    const agent = await connectRawAgent(server.url, nodeId, { group: "g1", role, zone }, 500);
    agent.beat(() => reports.get(nodeId));
    agents.push(agent);
  }
  setInterval(() => (offset += 100), 500).unref();
});
after(async () => {
  for (const agent of agents) agent.stop();
  await server.stop();
  server.cleanup();
});

async function openIncidents(): Promise<IncidentView[]> {
  const { body } = await api<{ items: IncidentView[] }>(server, "/api/v1/incidents");
  return body.items.filter((i) => i.status !== "resolved" && i.subject.startsWith("g1"));
}

async function waitForIncident(kind: string, present: boolean): Promise<void> {
  await waitFor(`${kind} ${present ? "opened" : "resolved"}`, async () => {
    const open = await openIncidents();
    return open.some((i) => i.kind === kind) === present;
  }, 20_000, 200);
}

async function group(): Promise<ReplicaGroupView> {
  const { body } = await api<{ items: ReplicaGroupView[] }>(server, "/api/v1/replica-groups");
  const found = body.items.find((g) => g.id === "g1");
  assert.ok(found, "group g1 listed");
  return found;
}

test("a healthy group of three raises nothing and shows its primary", async () => {
  await waitFor("g1 healthy", async () => (await group()).healthyCount === 3, 20_000, 200);
  const g1 = await group();
  assert.equal(g1.primaryId, "g1-p");
  assert.equal(g1.members.length, 3);
  assert.deepEqual(await openIncidents(), []);
});

test("split brain opens an incident and clears when one primary steps down", async () => {
  reports.set("g1-r1", { role: "primary", offset, lagMs: 0, linkUp: true });
  await waitForIncident("split_brain", true);
  reports.set("g1-r1", { role: "replica", offset, lagMs: 20, linkUp: true, following: "g1-p" });
  await waitForIncident("split_brain", false);
});

test("a replica following the wrong node opens wrong_follower, cleared when fixed", async () => {
  reports.set("g1-r2", { role: "replica", offset, lagMs: 20, linkUp: true, following: "g1-r1" });
  await waitForIncident("wrong_follower", true);
  reports.set("g1-r2", { role: "replica", offset, lagMs: 20, linkUp: true, following: "g1-p" });
  await waitForIncident("wrong_follower", false);
});

test("losing the primary opens no_healthy_primary; promoting a replica clears it and bumps the group epoch", async () => {
  const before = (await group()).epoch;
  const primary = agents.find((a) => a.nodeId === "g1-p");
  primary?.stop();
  await waitForIncident("no_healthy_primary", true);
  reports.set("g1-r1", { role: "primary", offset, lagMs: 0, linkUp: true });
  reports.set("g1-r2", { role: "replica", offset, lagMs: 20, linkUp: true, following: "g1-r1" });
  await waitForIncident("no_healthy_primary", false);
  const after = await waitFor("g1-r1 recognised as primary", async () => {
    const current = await group();
    return current.primaryId === "g1-r1" ? current : null;
  }, 10_000, 200);
  assert.equal(after.epoch, before + 1);
  const { body } = await api<{ items: IncidentView[] }>(server, "/api/v1/incidents?status=resolved");
  const resolved = body.items.find((i) => i.kind === "no_healthy_primary");
  assert.ok(resolved);
  const detail = await api<{ timeline: { kind: string }[] }>(server, `/api/v1/incidents/${resolved.id}`);
  assert.deepEqual(detail.body.timeline.map((e) => e.kind), ["opened", "resolved"]);
});
