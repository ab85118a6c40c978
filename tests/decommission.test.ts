import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { Ack, NodeView, Replication } from "../lib/protocol";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { afterRecoveryRounds } from "./support/metrics";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { AGENT_TOKEN, api, startVigil, throwawayPostgresSchema, waitFor, type VigilProcess } from "./support/vigil-server";

/*
 * Decommissioning a node (issue #12), through a real server, raw protocol agents and a real agent
 * process: it leaves the fleet, its replica group, the ring and the failover ranking at once, its
 * agent is cut off and refused until an admin resets its credential, and it is audited. Pending
 * nodes, like decommissioned ones, trigger no recovery and no alert.
 */

type ErrorBody = { error: { code: string; message: string } };
type GroupView = { id: string; primaryId: string | null; memberCount: number; healthyCount: number; members: { nodeId: string }[] };
type RingView = { groups: { id: string; members: string[] }[] };
type Plan = { groupId: string; state: string; detail: { candidates?: { nodeId: string }[] | null }; actions: { kind: string; target: string; state: string }[] };
type AuditRow = { actor: string; action: string; target: string; outcome: string; detail: string | null };
type Refusal = Error & { data?: { code: string; message: string } };

let server: VigilProcess;
let viewer = "";
let operator = "";
const rawAgents = new Map<string, RawAgent>();
const reports = new Map<string, Replication>();
const processes: AgentProcess[] = [];
const sockets: Socket[] = [];
const metrics = { cpu: 0.2, mem: 0.3, disk: 0.4, netIn: 1, netOut: 1, load1: 0.1 };

before(async () => {
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ default: { mode: "auto", failover: { confirmWindowMs: 2000 } } }) });
  viewer = (await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "viewer", role: "viewer" }) })).body.token;
  operator = (await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "operator", role: "operator" }) })).body.token;
});
after(async () => {
  for (const agent of rawAgents.values()) agent.stop();
  for (const socket of sockets) socket.disconnect();
  for (const agent of processes) await stopAgent(agent);
  await server.stop();
  server.cleanup();
});

/** A replica group of raw agents that act on commands as a Redis integration does; offsets as given (primary first). */
async function startGroup(group: string, offsets: number[]): Promise<void> {
  const primary = `${group}-p`;
  for (const [i, offset] of offsets.entries()) {
    const nodeId = i === 0 ? primary : `${group}-r${i}`;
    const role = i === 0 ? "primary" : "replica";
    reports.set(nodeId, role === "primary" ? { role, offset, lagMs: 0, linkUp: true } : { role, offset, lagMs: 20, linkUp: true, following: primary });
    const agent = await connectRawAgent(server.url, nodeId, { group, role, zone: `zone-${i}` }, 300);
    agent.onCommand((command) => {
      const current = reports.get(nodeId) as Replication;
      if (command.kind === "promote") reports.set(nodeId, { role: "primary", offset: current.offset, lagMs: 0, linkUp: true });
      if (command.kind === "follow") reports.set(nodeId, { role: "replica", offset: current.offset, lagMs: 20, linkUp: true, following: command.args.target });
      return { id: command.id, outcome: "succeeded", detail: `${command.kind} done`, replication: reports.get(nodeId) };
    });
    agent.beat(() => reports.get(nodeId));
    rawAgents.set(nodeId, agent);
  }
  await waitFor(`${group} healthy and on the ring`, async () => {
    const groups = await replicaGroups();
    const ring = await ringView();
    return groups.find((g) => g.id === group)?.healthyCount === offsets.length && ring.groups.find((g) => g.id === group)?.members.length === offsets.length;
  }, 20_000, 200);
}

const replicaGroups = async () => (await api<{ items: GroupView[] }>(server, "/api/v1/replica-groups")).body.items;
const ringView = async () => (await api<RingView>(server, "/api/v1/ring")).body;
const audit = async () => (await api<{ items: AuditRow[] }>(server, "/api/v1/audit?limit=500")).body.items;
const nodeIds = async (q: string) => (await api<{ items: NodeView[] }>(server, `/api/v1/nodes?q=${q}`)).body.items.map((node) => node.id).sort();

function decommission(nodeId: string, body: Record<string, unknown> | null, token?: string) {
  return api<ErrorBody & { id: string; decommissioned: true; forced: boolean; leftRing: string | null }>(server, `/api/v1/nodes/${nodeId}`, {
    method: "DELETE",
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(token ? { token } : {}),
  });
}

/** Connects as an agent; resolves with the refusal's code and message, or throws when the server let it in. */
async function refusal(auth: Record<string, unknown>, url = server.url): Promise<{ code: string; message: string }> {
  const socket = io(`${url}/agent`, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
  sockets.push(socket);
  const outcome = await new Promise<Refusal | null>((resolve) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", (error: Refusal) => resolve(error));
  });
  if (!outcome) throw new Error(`connected as ${String(auth.nodeId)} but should have been refused`);
  return { code: outcome.data?.code ?? "", message: outcome.data?.message ?? outcome.message };
}

/** Enrols a node over the raw protocol with `token`: its hello's answer. */
async function enrol(nodeId: string, token: string): Promise<Ack<{ credential?: string; pending?: boolean }>> {
  const socket = io(`${server.url}/agent`, { transports: ["websocket"], auth: { token, nodeId, protocol: 2 }, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const ack = (await socket.timeout(5000).emitWithAck("hello", { hostname: nodeId, agentVersion: "test" })) as Ack<{ credential?: string; pending?: boolean }>;
  if (ack.ok && !ack.data.pending) assert.ok((await socket.timeout(5000).emitWithAck("heartbeat", { seq: 1, ts: Date.now(), metrics })).ok);
  socket.disconnect();
  return ack;
}

test("a decommissioned replica leaves the nodes list, its replica group, the ring and the failover ranking at once; its agent is cut off and refused", async () => {
  // dg-r1 has the highest offset: the ranking would choose it, were it still there.
  await startGroup("dg", [10_000, 9_995, 9_500]);
  const answer = await decommission("dg-r1", { reason: "host retired" }, operator);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body, { id: "dg-r1", decommissioned: true, forced: false, leftRing: null });

  // No waiting: the live fleet every endpoint reads has already let it go.
  assert.deepEqual(await nodeIds("dg-"), ["dg-p", "dg-r2"]);
  const group = (await replicaGroups()).find((g) => g.id === "dg");
  assert.deepEqual({ members: group?.members.map((m) => m.nodeId), primary: group?.primaryId }, { members: ["dg-p", "dg-r2"], primary: "dg-p" });
  assert.deepEqual((await ringView()).groups.find((g) => g.id === "dg")?.members, ["dg-p", "dg-r2"]);
  const page = await api<ErrorBody>(server, "/api/v1/nodes/dg-r1");
  assert.equal(page.status, 404);
  assert.match(page.body.error.message, /dg-r1 was decommissioned by operator .*\(host retired\).*credential reset/);

  const cutOff = rawAgents.get("dg-r1") as RawAgent;
  await waitFor("dg-r1's agent cut off", async () => !cutOff.socket.connected, 5_000, 50);
  cutOff.stop();
  const refused = await refusal({ token: AGENT_TOKEN, nodeId: "dg-r1", protocol: 1 });
  assert.equal(refused.code, "enrollment_refused");
  assert.match(refused.message, /decommissioned.*credential\/reset/);
  assert.equal((await refusal({ token: AGENT_TOKEN, nodeId: "dg-r1", protocol: 2 })).code, "enrollment_refused");
  const enrollments = await api<{ items: { id: string }[] }>(server, "/api/v1/enrollments");
  assert.ok(!enrollments.body.items.some((item) => item.id === "dg-r1"), "not waiting for approval either");
  assert.equal((await api(server, "/api/v1/enrollments/dg-r1/approve", { method: "POST", token: operator })).status, 404, "an approval does not bring it back");
  const row = (await audit()).find((entry) => entry.action === "node.decommission" && entry.target === "dg-r1");
  assert.deepEqual(row && { actor: row.actor, outcome: row.outcome, detail: row.detail }, { actor: "operator", outcome: "ok", detail: "host retired" });

  // The primary fails: the ranking holds only who is left, and dg-r2 is promoted.
  rawAgents.get("dg-p")?.stop();
  reports.set("dg-r2", { ...(reports.get("dg-r2") as Replication), linkUp: false });
  const plan = await waitFor("dg failed over", async () => {
    const { body } = await api<{ plans: Plan[] }>(server, "/api/v1/recovery/status");
    return body.plans.find((p) => p.groupId === "dg" && p.actions.some((a) => a.kind === "promote" && a.state === "succeeded")) ?? null;
  }, 30_000, 250);
  assert.deepEqual(plan.actions.filter((a) => a.kind === "promote").map((a) => a.target), ["dg-r2"]);
  assert.deepEqual(plan.detail.candidates?.map((c) => c.nodeId).sort(), ["dg-p", "dg-r2"], "dg-r1 is in no ranking");
});

test("the current primary is refused without force (409); an operator cannot force (403), an admin can; a viewer cannot decommission at all", async () => {
  await startGroup("fg", [5_000, 4_990]);
  assert.equal((await decommission("fg-r1", null, viewer)).status, 403);
  const refused = await decommission("fg-p", { reason: "retire" }, operator);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "conflict");
  assert.match(refused.body.error.message, /current primary of replica group fg: fail over first.*force/);
  assert.equal((await decommission("fg-p", { force: true }, operator)).status, 403, "forcing is an admin's");
  assert.equal((await decommission("fg-p", { forced: true })).status, 400, "a misspelt force is refused, not ignored");
  assert.deepEqual(await nodeIds("fg-"), ["fg-p", "fg-r1"], "nothing happened so far");

  const forced = await decommission("fg-p", { force: true, reason: "hardware fault" });
  assert.equal(forced.status, 200, JSON.stringify(forced.body));
  assert.equal(forced.body.forced, true);
  const group = (await replicaGroups()).find((g) => g.id === "fg");
  assert.deepEqual({ members: group?.members.map((m) => m.nodeId), primary: group?.primaryId }, { members: ["fg-r1"], primary: null });
  const row = (await audit()).find((entry) => entry.action === "node.decommission" && entry.target === "fg-p");
  assert.deepEqual(row && { actor: row.actor, outcome: row.outcome, detail: row.detail }, { actor: "VIGIL_API_TOKEN", outcome: "forced: primary of replica group fg", detail: "hardware fault" });
  assert.equal((await decommission("fg-p", null)).status, 404, "once is enough");
  assert.equal((await decommission("no-such-node", null)).status, 404);
});

test("a real agent, decommissioned, is cut off and refused until an admin resets its credential; then it enrols again", async () => {
  const agent = startAgent(server.url, "solo-1", server.dataDir, ["--interval", "300"]);
  processes.push(agent);
  await waitFor("solo-1 healthy and on the ring", async () => {
    const view = await api<{ node: NodeView }>(server, "/api/v1/nodes/solo-1");
    return view.body?.node?.state === "healthy" && (await ringView()).groups.some((g) => g.id === "solo-1");
  }, 20_000, 200);

  const answer = await decommission("solo-1", null, operator);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.leftRing, "solo-1", "its own group leaves the ring with it");
  assert.ok(!(await ringView()).groups.some((g) => g.id === "solo-1"));
  await waitFor("the agent refused as decommissioned", async () => /enrollment_refused/.test(agent.output()) && /decommissioned/.test(agent.output()), 20_000, 200);
  assert.equal((await api(server, "/api/v1/nodes/solo-1")).status, 404);
  assert.deepEqual(await nodeIds("solo-1"), []);

  assert.equal((await api(server, "/api/v1/nodes/solo-1/credential/reset", { method: "POST", token: operator })).status, 403, "letting it back is an admin's");
  assert.equal((await api(server, "/api/v1/nodes/solo-1/credential/reset", { method: "POST" })).status, 200);
  await waitFor("solo-1 enrolled again and beating", async () => {
    const view = await api<{ node: NodeView }>(server, "/api/v1/nodes/solo-1");
    return view.status === 200 && view.body.node.connected && view.body.node.lastHeartbeatAt !== null;
  }, 40_000, 250);
  assert.equal(agent.output().match(/enrolled as solo-1/g)?.length, 2);
  assert.ok((await audit()).some((entry) => entry.action === "node.credential-reset" && entry.target === "solo-1" && /decommissioned/.test(entry.detail ?? "")));
});

test("a decommissioned node frees its place under its token's node limit", async () => {
  const created = await api<{ token: string; item: { id: string } }>(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "one", maxNodes: 1 }) });
  assert.equal(created.status, 201);
  assert.ok((await enrol("cap-1", created.body.token)).ok);
  const second = await enrol("cap-2", created.body.token);
  assert.equal(!second.ok && second.error.code, "enrollment_refused");
  assert.equal((await decommission("cap-1", null, operator)).status, 200);
  assert.ok((await enrol("cap-2", created.body.token)).ok);
  const tokens = await api<{ items: { id: string; enrolledNodes: number }[] }>(server, "/api/v1/agent-tokens");
  assert.equal(tokens.body.items.find((item) => item.id === created.body.item.id)?.enrolledNodes, 1);
});

test("a pending node, like a decommissioned one, triggers no recovery and no alert, while an approved one going silent does", async () => {
  const created = await api<{ token: string }>(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "approval", requireApproval: true }) });
  const pending = await enrol("pending-silent", created.body.token);
  assert.ok(pending.ok && pending.data.pending);
  const control = await connectRawAgent(server.url, "approved-silent", {}, 300);
  control.beat(() => undefined);
  await waitFor("approved-silent healthy", async () => (await api<{ node: NodeView }>(server, "/api/v1/nodes/approved-silent")).body?.node?.state === "healthy");
  control.stop();

  type Alert = { labels: Record<string, string> };
  await waitFor("NodeDown for the approved node", async () => {
    const { body } = await api<{ items: Alert[] }>(server, "/api/v1/alerts?status=firing");
    return body.items.some((alert) => alert.labels.alertname === "NodeDown" && alert.labels.node === "approved-silent");
  }, 30_000, 250);
  await afterRecoveryRounds(server, 3);
  const quiet = ["pending-silent", "dg-r1", "fg-p", "cap-1"];
  const alerts = (await api<{ items: Alert[] }>(server, "/api/v1/alerts")).body.items;
  assert.deepEqual(alerts.filter((alert) => quiet.includes(alert.labels.node ?? "")), []);
  const incidents = (await api<{ items: { key: string; subject: string }[] }>(server, "/api/v1/incidents?limit=500")).body.items;
  assert.deepEqual(incidents.filter((incident) => quiet.some((id) => incident.subject === id || incident.key.includes(id))), []);
  const actions = (await api<{ items: { target: string }[] }>(server, "/api/v1/actions")).body.items;
  assert.deepEqual(actions.filter((action) => quiet.includes(action.target)), []);
  const status = (await api<{ blocks: { nodeId: string | null }[] }>(server, "/api/v1/recovery/status")).body;
  assert.deepEqual(status.blocks.filter((block) => quiet.includes(block.nodeId ?? "")), []);
});

test("with two instances, a decommission through one cuts the agent off on the other at once, not at its next credential sweep", async () => {
  const database = throwawayPostgresSchema("vigil_decommission");
  const env = { REDIS_URL: process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_HEARTBEAT_INTERVAL_MS: "300" };
  const a = await startVigil({ database, env: { ...env, VIGIL_INSTANCE_ID: "vigil-a" } });
  const b = await startVigil({ database, env: { ...env, VIGIL_INSTANCE_ID: "vigil-b" } });
  try {
    const onB = await connectRawAgent(b.url, "far-1", {}, 300);
    onB.beat(() => undefined);
    rawAgents.set("far-1", onB);
    await waitFor("far-1 seen by instance a", async () => (await api<{ node: NodeView }>(a, "/api/v1/nodes/far-1")).body?.node?.connected === true, 20_000, 100);
    const started = Date.now();
    assert.equal((await api(a, "/api/v1/nodes/far-1", { method: "DELETE" })).status, 200);
    await waitFor("far-1's agent cut off by instance b", async () => !onB.socket.connected, 5_000, 20);
    assert.ok(Date.now() - started < 3_000, `cut off after ${Date.now() - started} ms`);
    for (const instance of [a, b]) {
      await waitFor("far-1 gone from both fleets", async () => (await api(instance, "/api/v1/nodes/far-1")).status === 404, 3_000, 50);
      const list = await api<{ items: NodeView[] }>(instance, "/api/v1/nodes?q=far-1");
      assert.deepEqual(list.body.items, []);
    }
    assert.equal((await refusal({ token: AGENT_TOKEN, nodeId: "far-1", protocol: 1 }, b.url)).code, "enrollment_refused");
  } finally {
    rawAgents.get("far-1")?.stop();
    await a.stop();
    await b.stop();
    a.cleanup();
    b.cleanup();
  }
});
