import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { Ack, NodeView } from "../lib/protocol";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { AGENT_TOKEN, api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/*
 * Node identity (issue #12), through a real server and real agent processes: an enrollment
 * token buys one node its own credential; from then on nobody else speaks for that node.
 */

let server: VigilProcess;
const sockets: Socket[] = [];
const agents: AgentProcess[] = [];

before(async () => {
  server = await startVigil();
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const agent of agents) await stopAgent(agent);
  await server.stop();
  server.cleanup();
});

type Refusal = Error & { data?: { code: string; message: string } };
type HelloAck = { lastHeartbeatSeq: number; credential?: string; pending?: boolean };

const hello = (nodeId: string) => ({ hostname: nodeId, agentVersion: "test" });
const metrics = { cpu: 0.2, mem: 0.3, disk: 0.4, netIn: 1, netOut: 1, load1: 0.1 };

function open(auth: Record<string, unknown>): Socket {
  const socket = io(`${server.url}/agent`, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

/** Connects; resolves with the socket, or with the refusal the server gave. */
function attempt(auth: Record<string, unknown>): Promise<{ socket: Socket } | { refusal: Refusal }> {
  const socket = open(auth);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error: Refusal) => resolve({ refusal: error }));
  });
}

async function refusedWith(auth: Record<string, unknown>): Promise<string> {
  const outcome = await attempt(auth);
  if ("socket" in outcome) throw new Error(`connected as ${String(auth.nodeId)} but should have been refused`);
  return outcome.refusal.data?.code ?? outcome.refusal.message;
}

async function connected(auth: Record<string, unknown>): Promise<Socket> {
  const outcome = await attempt(auth);
  if ("refusal" in outcome) throw new Error(`refused: ${outcome.refusal.message}`);
  return outcome.socket;
}

function emit<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Enrols `nodeId` over the raw protocol and returns its credential. */
async function enrol(nodeId: string, token = AGENT_TOKEN): Promise<string> {
  const socket = await connected({ token, nodeId, protocol: 2 });
  const ack = await emit<HelloAck>(socket, "hello", hello(nodeId));
  assert.ok(ack.ok && ack.data.credential, `enrolment of ${nodeId} answers a credential: ${JSON.stringify(ack)}`);
  socket.disconnect();
  return ack.data.credential;
}

async function nodeView(nodeId: string): Promise<NodeView | null> {
  const response = await api<{ node: NodeView }>(server, `/api/v1/nodes/${nodeId}`);
  return response.status === 200 ? response.body.node : null;
}

test("an agent enrols with the fleet token, keeps its credential in a 0600 file, and no impostor can displace it", async () => {
  const agent = startAgent(server.url, "db-real", server.dataDir, ["--interval", "500"]);
  agents.push(agent);
  const credentialFile = join(server.dataDir, "spool", "db-real", "credential");
  await waitFor("the agent to enrol and beat", async () => (await nodeView("db-real"))?.state === "healthy" && statSync(credentialFile, { throwIfNoEntry: false }));
  assert.equal(statSync(credentialFile).mode & 0o777, 0o600);
  const credential = readFileSync(credentialFile, "utf8").trim();
  assert.match(credential, /^vnc_/);
  assert.doesNotMatch(agent.output(), new RegExp(credential), "the credential is never logged");

  // With the fleet's own token (any host holds one), with a guessed credential, or as an old agent.
  assert.equal(await refusedWith({ token: AGENT_TOKEN, nodeId: "db-real", protocol: 2 }), "node_enrolled");
  assert.equal(await refusedWith({ token: AGENT_TOKEN, nodeId: "db-real", protocol: 1 }), "node_enrolled");
  assert.equal(await refusedWith({ credential: "vnc_guessed", nodeId: "db-real", protocol: 2 }), "unauthorized");
  const refusal = await attempt({ token: AGENT_TOKEN, nodeId: "db-real", protocol: 2 });
  assert.ok("refusal" in refusal);
  assert.match(refusal.refusal.data?.message ?? "", /credential\/reset/, "the refusal says what an operator can do");

  // The real agent was never displaced: still connected, heartbeats still arriving.
  const before = (await nodeView("db-real"))?.lastHeartbeatAt ?? 0;
  await waitFor("heartbeats after the attempts", async () => ((await nodeView("db-real"))?.lastHeartbeatAt ?? 0) > before);
  const view = await nodeView("db-real");
  assert.equal(view?.connected, true);
  assert.equal(view?.state, "healthy");
  assert.doesNotMatch(agent.output(), /disconnected/);

  // Restarted, the agent connects with its credential: no second enrolment.
  await stopAgent(agent);
  const again = startAgent(server.url, "db-real", server.dataDir, ["--interval", "500"]);
  agents.push(again);
  await waitFor("the restarted agent", async () => (await nodeView("db-real"))?.connected === true && /connected to/.test(again.output()));
  assert.doesNotMatch(again.output(), /enrolled as/);
  assert.equal(readFileSync(credentialFile, "utf8").trim(), credential);
  const audit = await api<{ items: { action: string; target: string }[] }>(server, "/api/v1/audit?limit=500");
  assert.equal(audit.body.items.filter((row) => row.action === "node.enrol" && row.target === "db-real").length, 1);

  // A reset credential (a rebuilt host, a leak) cuts the agent off; it enrols again by itself.
  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "viewer", role: "viewer" }) });
  const forbidden = await api(server, "/api/v1/nodes/db-real/credential/reset", { method: "POST", token: viewer.body.token });
  assert.equal(forbidden.status, 403);
  const operator = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "operator", role: "operator" }) });
  assert.equal((await api(server, "/api/v1/nodes/db-real/credential/reset", { method: "POST", token: operator.body.token })).status, 403, "resetting identity is an admin's");
  assert.equal((await api(server, "/api/v1/nodes/db-real/credential/reset", { method: "POST" })).status, 200);
  await waitFor(
    "a new credential",
    async () => {
      // Between the reset and the new enrolment the agent has no credential file at all.
      const current = statSync(credentialFile, { throwIfNoEntry: false }) ? readFileSync(credentialFile, "utf8").trim() : "";
      return current !== "" && current !== credential && (await nodeView("db-real"))?.connected === true;
    },
    40_000,
  );
  assert.match(again.output(), /enrolling again/);
});

test("a version 1 agent (before node identity) still connects with the token alone, and gets no credential", async () => {
  const socket = await connected({ token: AGENT_TOKEN, nodeId: "legacy-1", protocol: 1 });
  const ack = await emit<HelloAck>(socket, "hello", hello("legacy-1"));
  assert.ok(ack.ok);
  assert.equal(ack.data.credential, undefined);
  assert.deepEqual(await emit(socket, "heartbeat", { seq: 1, ts: Date.now(), metrics }), { ok: true, data: { seq: 1, duplicate: false } });
  socket.disconnect();
  const back = await connected({ token: AGENT_TOKEN, nodeId: "legacy-1", protocol: 1 });
  assert.ok((await emit<HelloAck>(back, "hello", hello("legacy-1"))).ok);
  back.disconnect();
});

test("a token limited to db-* and 5 nodes cannot enrol web-1 or a sixth node", async () => {
  const created = await api<{ token: string; item: { id: string } }>(server, "/api/v1/agent-tokens", {
    method: "POST",
    body: JSON.stringify({ name: "databases", nodeGlob: "db-*", maxNodes: 5 }),
  });
  assert.equal(created.status, 201);
  const token = created.body.token;
  assert.equal(await refusedWith({ token, nodeId: "web-1", protocol: 2 }), "enrollment_refused");
  for (let i = 1; i <= 5; i++) await enrol(`db-limited-${i}`, token);
  const sixth = await connected({ token, nodeId: "db-limited-6", protocol: 2 });
  const refused = await emit<HelloAck>(sixth, "hello", hello("db-limited-6"));
  assert.equal(!refused.ok && refused.error.code, "enrollment_refused");
  assert.equal(await nodeView("db-limited-6"), null, "the refused node was not created");
  const tokens = await api<{ items: { id: string; enrolledNodes: number; nodeGlob: string; maxNodes: number }[] }>(server, "/api/v1/agent-tokens");
  const listed = tokens.body.items.find((item) => item.id === created.body.item.id);
  assert.deepEqual({ enrolled: listed?.enrolledNodes, glob: listed?.nodeGlob, max: listed?.maxNodes }, { enrolled: 5, glob: "db-*", max: 5 });
  const expired = await api(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "old", expiresAt: "2001-01-01T00:00:00Z" }) });
  assert.equal(expired.status, 400);
});

test("seq 2^53-1 and a timestamp from the future are refused; the real agent's next heartbeats are stored", async () => {
  const credential = await enrol("poison-1");
  const socket = await connected({ credential, nodeId: "poison-1", protocol: 2 });
  assert.ok((await emit<HelloAck>(socket, "hello", hello("poison-1"))).ok);
  for (let seq = 1; seq <= 3; seq++) assert.ok((await emit(socket, "heartbeat", { seq, ts: Date.now(), metrics })).ok);
  const huge = await emit(socket, "heartbeat", { seq: Number.MAX_SAFE_INTEGER, ts: Date.now(), metrics });
  assert.equal(!huge.ok && huge.error.code, "seq_out_of_range");
  const future = await emit(socket, "heartbeat", { seq: 4, ts: Date.UTC(2199, 0, 1), metrics });
  assert.equal(!future.ok && future.error.code, "clock_skew");
  const logs = await emit(socket, "logs", { entries: [{ seq: Number.MAX_SAFE_INTEGER, ts: Date.now(), level: "info", message: "poison" }] });
  assert.equal(!logs.ok && logs.error.code, "seq_out_of_range");
  assert.deepEqual(await emit(socket, "heartbeat", { seq: 4, ts: Date.now(), metrics }), { ok: true, data: { seq: 4, duplicate: false } });
  assert.deepEqual(await emit(socket, "logs", { entries: [{ seq: 1, ts: Date.now(), level: "info", message: "real" }] }), {
    ok: true,
    data: { accepted: 1, duplicates: 0, lastSeq: 1 },
  });
  const series = await waitFor("four stored heartbeats", async () => {
    const response = await api<{ points: unknown[] }>(server, "/api/v1/nodes/poison-1/metrics?range=15m");
    return response.body.points.length === 4 && response.body;
  });
  assert.equal(series.points.length, 4);
  socket.disconnect();
});

test("a node that says hello and then stays silent goes down within the detection window", async () => {
  const credential = await enrol("silent-1");
  const socket = await connected({ credential, nodeId: "silent-1", protocol: 2 });
  assert.ok((await emit(socket, "heartbeat", { seq: 1, ts: Date.now(), metrics })).ok === false, "heartbeats before hello are refused");
  assert.ok((await emit<HelloAck>(socket, "hello", hello("silent-1"))).ok);
  const down = await waitFor("silent-1 down", async () => {
    const view = await nodeView("silent-1");
    return view?.state === "down" && view;
  }, 30_000);
  assert.equal(down.connected, true, "still connected, yet down: silence counts");
  socket.disconnect();
});

test("a node under an approval token waits: it counts nowhere until an operator approves it", async () => {
  const created = await api<{ token: string }>(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "approval", requireApproval: true }) });
  const first = await connected({ token: created.body.token, nodeId: "pending-1", protocol: 2 });
  const ack = await emit<HelloAck>(first, "hello", hello("pending-1"));
  assert.ok(ack.ok && ack.data.credential && ack.data.pending);
  const credential = ack.data.credential;
  await waitFor("the server to close the pending connection", async () => !first.connected);
  assert.equal(await refusedWith({ credential, nodeId: "pending-1", protocol: 2 }), "pending_approval");
  assert.equal(await nodeView("pending-1"), null, "a pending node is not in the fleet");
  const list = await api<{ items: NodeView[] }>(server, "/api/v1/nodes?q=pending-1");
  assert.equal(list.body.items.length, 0);
  const enrollments = await api<{ items: { id: string; approval: string }[] }>(server, "/api/v1/enrollments");
  assert.deepEqual(enrollments.body.items.find((item) => item.id === "pending-1")?.approval, "pending");

  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "viewer-2", role: "viewer" }) });
  assert.equal((await api(server, "/api/v1/enrollments/pending-1/approve", { method: "POST", token: viewer.body.token })).status, 403);
  assert.equal((await api(server, "/api/v1/enrollments/pending-1/reject", { method: "POST", token: viewer.body.token })).status, 403);
  assert.equal((await api(server, "/api/v1/enrollments/pending-1/approve", { method: "POST" })).status, 200);
  const socket = await connected({ credential, nodeId: "pending-1", protocol: 2 });
  assert.ok((await emit<HelloAck>(socket, "hello", hello("pending-1"))).ok);
  assert.ok((await emit(socket, "heartbeat", { seq: 1, ts: Date.now(), metrics })).ok);
  await waitFor("the approved node in the fleet", async () => (await nodeView("pending-1"))?.connected === true);
  socket.disconnect();

  const rejectedSocket = await connected({ token: created.body.token, nodeId: "pending-2", protocol: 2 });
  const rejectedAck = await emit<HelloAck>(rejectedSocket, "hello", hello("pending-2"));
  assert.ok(rejectedAck.ok && rejectedAck.data.credential);
  assert.equal((await api(server, "/api/v1/enrollments/pending-2/reject", { method: "POST" })).status, 200);
  assert.equal(await refusedWith({ credential: rejectedAck.data.credential, nodeId: "pending-2", protocol: 2 }), "enrollment_refused");
  assert.equal(await refusedWith({ token: created.body.token, nodeId: "pending-2", protocol: 2 }), "node_enrolled");
});

test("what steers recovery is recorded at enrollment: later changes are audited, held under an approval token, and pinned values win", async () => {
  const steeringHello = (nodeId: string, extra: Record<string, unknown>) => ({ ...hello(nodeId), group: "gs", role: "replica", ...extra });
  const sayHello = async (auth: Record<string, unknown>, payload: Record<string, unknown>) => {
    const socket = await connected(auth);
    const ack = await emit<HelloAck>(socket, "hello", payload);
    assert.ok(ack.ok, JSON.stringify(ack));
    socket.disconnect();
    return ack.data;
  };
  const credential = (await sayHello({ token: AGENT_TOKEN, nodeId: "steer-1", protocol: 2 }, steeringHello("steer-1", { zone: "z1", labels: { priority: "100" } }))).credential;
  assert.ok(credential);
  const auth = { credential, nodeId: "steer-1", protocol: 2 };
  assert.deepEqual(pick(await nodeView("steer-1")), { zone: "z1", group: "gs", priority: "100", weight: 1 });

  // A fleet token approves automatically: the change applies, and the audit log says what moved.
  await sayHello(auth, steeringHello("steer-1", { zone: "z2", labels: { priority: "100000" } }));
  assert.deepEqual(pick(await nodeView("steer-1")), { zone: "z2", group: "gs", priority: "100000", weight: 1 });
  const audit = await api<{ items: { action: string; target: string; outcome: string; detail: string | null }[] }>(server, "/api/v1/audit?limit=500");
  const changed = audit.body.items.find((row) => row.action === "node.steering-changed" && row.target === "steer-1");
  assert.equal(changed?.outcome, "applied");
  assert.match(changed?.detail ?? "", /zone "z1" → "z2".*priority "100" → "100000"/);

  // Operators pin; a viewer cannot, a malformed pin is refused, and the pins win over later reports.
  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "viewer-steer", role: "viewer" }) });
  const pins = JSON.stringify({ pinned: { zone: "z1", priority: "0" } });
  assert.equal((await api(server, "/api/v1/nodes/steer-1/steering", { method: "PUT", body: pins, token: viewer.body.token })).status, 403);
  assert.equal((await api(server, "/api/v1/nodes/steer-1/steering", { method: "PUT", body: JSON.stringify({ pinned: { priority: "high" } }) })).status, 400);
  const operator = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "operator-steer", role: "operator" }) });
  const pinned = await api<{ pinned: Record<string, unknown> }>(server, "/api/v1/nodes/steer-1/steering", { method: "PUT", body: pins, token: operator.body.token });
  assert.equal(pinned.status, 200);
  assert.deepEqual(pinned.body.pinned, { zone: "z1", priority: "0" });
  assert.deepEqual(pick(await nodeView("steer-1")), { zone: "z1", group: "gs", priority: "0", weight: 1 }, "the live fleet follows the pin at once");
  await sayHello(auth, steeringHello("steer-1", { zone: "z9", labels: { priority: "99999" } }));
  assert.deepEqual(pick(await nodeView("steer-1")), { zone: "z1", group: "gs", priority: "0", weight: 1 });

  // Under a token with manual approval, a reported change waits for an operator.
  const approvalToken = (await api<{ token: string }>(server, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "approval-steer", requireApproval: true }) })).body.token;
  const held = (await sayHello({ token: approvalToken, nodeId: "steer-2", protocol: 2 }, steeringHello("steer-2", { group: "ga" }))).credential;
  assert.equal((await api(server, "/api/v1/enrollments/steer-2/approve", { method: "POST" })).status, 200);
  const heldAuth = { credential: held, nodeId: "steer-2", protocol: 2 };
  await sayHello(heldAuth, steeringHello("steer-2", { group: "ga" }));
  await sayHello(heldAuth, steeringHello("steer-2", { group: "gb", weight: 50 }));
  assert.deepEqual(pick(await nodeView("steer-2")), { zone: null, group: "ga", priority: undefined, weight: 1 }, "held: Vigil keeps the recorded group");
  const waiting = await api<{ proposed: { values: Record<string, unknown> } | null }>(server, "/api/v1/nodes/steer-2/steering");
  assert.deepEqual(waiting.body.proposed?.values, { group: "gb", weight: 50 });
  assert.equal((await api(server, "/api/v1/nodes/steer-2/steering/approve", { method: "POST", token: viewer.body.token })).status, 403);
  assert.equal((await api(server, "/api/v1/nodes/steer-2/steering/approve", { method: "POST", token: operator.body.token })).status, 200);
  assert.deepEqual(pick(await nodeView("steer-2")), { zone: null, group: "gb", priority: undefined, weight: 50 });
  assert.equal((await api<{ proposed: unknown }>(server, "/api/v1/nodes/steer-2/steering")).body.proposed, null);
});

function pick(view: NodeView | null) {
  return { zone: view?.zone, group: view?.group, priority: view?.labels.priority, weight: view?.weight };
}
