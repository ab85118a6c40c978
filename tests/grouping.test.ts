import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { GroupingHistory, GroupsResponse } from "../lib/protocol/api/groups";
import { startSimulator, type SimulatorProcess } from "./support/simulator-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

let server: VigilProcess;
let simulator: SimulatorProcess;

before(async () => {
  server = await startVigil({ env: { VIGIL_GROUPING_INTERVAL: "2" } });
  simulator = await startSimulator(server.url, 30);
});
after(async () => {
  await simulator?.stop();
  await server?.stop();
  server?.cleanup();
});

async function groups(): Promise<GroupsResponse> {
  const { status, body } = await api<GroupsResponse>(server, "/api/v1/groups");
  assert.equal(status, 200);
  return body;
}

test("grouping runs on the control loop and answers in the documented shape", async () => {
  const saved = await api<{ settings: { windowSeconds: number } }>(server, "/api/v1/groups/settings", {
    method: "PUT",
    body: JSON.stringify({ k: "auto", windowSeconds: 20, minSamples: 5, intervalSeconds: 2 }),
  });
  assert.equal(saved.status, 200);
  assert.equal(saved.body.settings.windowSeconds, 20);
  const first = await waitFor("a grouping run over the whole fleet", async () => {
    const body = await groups();
    return body.run && body.run.nodes === 30 ? body : null;
  }, 40_000, 500);
  assert.ok(first.run && first.run.k >= 2 && first.run.k <= 8, `k ${first.run?.k}`);
  assert.equal(first.groups.reduce((sum, g) => sum + g.size, 0), 30);
  for (const group of first.groups) {
    assert.equal(typeof group.id, "number");
    assert.ok(group.name.length > 0);
    assert.equal(group.members.length, group.size);
    assert.equal(typeof group.centroid.cpu, "number");
  }
  assert.ok(Array.isArray(first.outliers));

  const history = await api<GroupingHistory>(server, "/api/v1/groups/history?limit=5");
  assert.ok(history.body.items.length >= 1, "the run just seen is in the history");
});

test("a node the simulator turns into a load outlier is flagged with the metrics that make it one", async () => {
  const nodes = await simulator.nodeIds();
  const victim = nodes.sort()[5];
  await simulator.chaos({ action: "outlier", nodes: [victim] });
  // The chaos raises traffic and latency only. A node of the simulated fleet can already be an
  // outlier by its own cpu before that, so wait for the metrics the chaos moves, not for the flag alone.
  const chaosMetrics = new Set(["netIn", "netOut", "latencyMs"]);
  const flagged = await waitFor("the outlier flagged for its traffic or latency", async () => {
    const body = await groups();
    const node = body.nodes.find((n) => n.nodeId === victim);
    return body.outliers.includes(victim) && node?.outlierMetrics.some((m) => chaosMetrics.has(m.metric)) ? body : null;
  }, 40_000, 500);
  const node = flagged.nodes.find((n) => n.nodeId === victim);
  assert.ok(node?.outlier);
  const history = await api<{ items: { kind: string }[] }>(server, `/api/v1/nodes/${victim}/groups`);
  assert.ok(history.body.items.some((e) => e.kind === "outlier"), "becoming an outlier is an event");
});

test("viewers cannot change grouping settings; bad settings are refused clearly", async () => {
  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "ro", role: "viewer" }) });
  const forbidden = await api(server, "/api/v1/groups/settings", { method: "PUT", token: viewer.body.token, body: JSON.stringify({ k: 3 }) });
  assert.equal(forbidden.status, 403);
  const bad = await api<{ error: { message: string } }>(server, "/api/v1/groups/settings", { method: "PUT", body: JSON.stringify({ k: 12 }) });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /k/);
  const tooLong = await api<{ error: { message: string } }>(server, "/api/v1/groups/settings", { method: "PUT", body: JSON.stringify({ windowSeconds: 600 }) });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.body.error.message, /windowSeconds/);
});
