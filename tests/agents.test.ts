import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { LogView, NodeEventView, NodeView } from "../lib/protocol";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

let server: VigilProcess;
const agents: AgentProcess[] = [];

before(async () => {
  server = await startVigil();
});
after(async () => {
  for (const agent of agents) await stopAgent(agent, "SIGKILL");
  await server.stop();
  server.cleanup();
});

async function node(nodeId: string): Promise<NodeView | null> {
  const { status, body } = await api<{ node: NodeView }>(server, `/api/v1/nodes/${nodeId}`);
  return status === 200 ? body.node : null;
}

async function waitForState(nodeId: string, state: string, timeoutMs: number): Promise<NodeView> {
  return waitFor(`${nodeId} ${state}`, async () => {
    const current = await node(nodeId);
    return current?.state === state ? current : null;
  }, timeoutMs, 50);
}

function launch(nodeId: string, args: string[] = []): AgentProcess {
  const agent = startAgent(server.url, nodeId, server.dataDir, args);
  agents.push(agent);
  return agent;
}

test("a real agent reports this host's metrics and the lines of the file it follows", async () => {
  const logFile = join(server.dataDir, "app.log");
  writeFileSync(logFile, "old line that was there before the agent started\n");
  launch("host-real", ["--zone", "zone-a", "--log-file", logFile, "--label", "rack=r1"]);
  const healthy = await waitForState("host-real", "healthy", 20_000);
  assert.equal(healthy.zone, "zone-a");
  assert.deepEqual(healthy.labels, { rack: "r1" });
  const metrics = await waitFor("metrics", async () => (await node("host-real"))?.metrics ?? null);
  assert.ok(metrics.cpu !== null && metrics.cpu >= 0 && metrics.cpu <= 1);
  assert.ok(metrics.mem !== null && metrics.mem > 0 && metrics.mem < 1, `mem ${metrics.mem}`);
  assert.ok(metrics.disk !== null && metrics.disk > 0 && metrics.disk < 1, `disk ${metrics.disk}`);
  assert.ok(metrics.load1 !== null && metrics.load1 >= 0);

  appendFileSync(logFile, "INFO request served in 12ms\nERROR disk almost full\n");
  const logs = await waitFor("log lines", async () => {
    const { body } = await api<{ items: LogView[] }>(server, "/api/v1/logs?nodeId=host-real");
    return body.items.length >= 2 ? body.items : null;
  });
  assert.deepEqual(logs.map((l) => [l.level, l.message]), [["error", "ERROR disk almost full"], ["info", "INFO request served in 12ms"]]);
});

// How soon (the 5 s promise) is measured by bench:detection; here, what happens and in which order.
test("SIGKILL of an agent makes its node suspect, then down", async () => {
  const agent = launch("victim-kill");
  await waitForState("victim-kill", "healthy", 20_000);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  agent.process.kill("SIGKILL");
  const down = await waitForState("victim-kill", "down", 30_000);
  assert.match(down.stateReason ?? "", /disconnected/);
  const { body } = await api<{ items: NodeEventView[] }>(server, "/api/v1/nodes/victim-kill/events");
  assert.deepEqual(body.items.slice(0, 2).map((e) => e.to), ["down", "suspect"]);
});

test("SIGSTOP of an agent (hung, connection open) makes its node down", async () => {
  const agent = launch("victim-stop");
  await waitForState("victim-stop", "healthy", 20_000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  agent.process.kill("SIGSTOP");
  try {
    const down = await waitForState("victim-stop", "down", 30_000);
    assert.match(down.stateReason ?? "", /no heartbeat/);
  } finally {
    agent.process.kill("SIGCONT");
  }
  // Once it runs again it recovers without a restart.
  await waitForState("victim-stop", "healthy", 15_000);
});
