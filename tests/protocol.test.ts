import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { Ack, NodeView } from "../lib/protocol";
import { AGENT_TOKEN, api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

let server: VigilProcess;
const sockets: Socket[] = [];

before(async () => {
  server = await startVigil();
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.stop();
  server.cleanup();
});

function connect(auth: Record<string, unknown>): Socket {
  const socket = io(`${server.url}/agent`, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function connectError(socket: Socket): Promise<Error & { data?: { code: string } }> {
  return new Promise((resolve, reject) => {
    socket.once("connect_error", resolve);
    socket.once("connect", () => reject(new Error("connected but should have been refused")));
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

function emit<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

const hello = { hostname: "host-1", zone: "zone-a", group: "shard-1", role: "primary", agentVersion: "test" };
const metrics = { cpu: 0.25, mem: 0.5, disk: 0.1, netIn: 1000, netOut: 2000, load1: 0.7 };

async function agent(nodeId: string): Promise<Socket> {
  const socket = connect({ token: AGENT_TOKEN, nodeId, protocol: 1 });
  await connected(socket);
  const ack = await emit<{ lastHeartbeatSeq: number }>(socket, "hello", hello);
  assert.equal(ack.ok, true);
  return socket;
}

test("unauthenticated agents, browsers and API calls are refused", async () => {
  const noToken = await connectError(connect({ nodeId: "n1", protocol: 1 }));
  assert.match(noToken.message, /bad_request/);
  const wrongToken = await connectError(connect({ token: "nope", nodeId: "n1", protocol: 1 }));
  assert.match(wrongToken.message, /unauthorized/);
  const ui = io(`${server.url}/ui`, { transports: ["websocket"], reconnection: false, forceNew: true });
  sockets.push(ui);
  assert.match((await connectError(ui)).message, /unauthorized/);
  const response = await fetch(`${server.url}/api/v1/nodes`);
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, "unauthorized");
});

test("another protocol version is refused with a clear error", async () => {
  const error = await connectError(connect({ token: AGENT_TOKEN, nodeId: "n1", protocol: 3 }));
  assert.match(error.message, /protocol_mismatch: server speaks agent protocol 2, agent sent 3/);
});

test("heartbeats and logs are stored once; resends are acknowledged as duplicates", async () => {
  const socket = await agent("proto-1");
  const now = Date.now();
  for (let seq = 1; seq <= 5; seq++) {
    const ack = await emit<{ seq: number; duplicate: boolean }>(socket, "heartbeat", { seq, ts: now + seq, metrics });
    assert.deepEqual(ack, { ok: true, data: { seq, duplicate: false } });
  }
  const resend = await emit<{ seq: number; duplicate: boolean }>(socket, "heartbeat", { seq: 3, ts: now + 3, metrics });
  assert.deepEqual(resend, { ok: true, data: { seq: 3, duplicate: true } });
  const entries = [1, 2, 3].map((seq) => ({ seq, ts: now + seq, level: "info", message: `line ${seq}` }));
  assert.deepEqual(await emit(socket, "logs", { entries }), { ok: true, data: { accepted: 3, duplicates: 0, lastSeq: 3 } });
  const again = [...entries, { seq: 4, ts: now + 4, level: "error", message: "line 4" }];
  assert.deepEqual(await emit(socket, "logs", { entries: again }), { ok: true, data: { accepted: 1, duplicates: 3, lastSeq: 4 } });

  // A reconnecting agent learns where to resume.
  socket.disconnect();
  const back = connect({ token: AGENT_TOKEN, nodeId: "proto-1", protocol: 1 });
  await connected(back);
  const helloAck = await emit<{ lastHeartbeatSeq: number; lastLogSeq: number }>(back, "hello", hello);
  assert.equal(helloAck.ok && helloAck.data.lastHeartbeatSeq, 5);
  assert.equal(helloAck.ok && helloAck.data.lastLogSeq, 4);

  const logs = await api<{ items: { seq: number }[] }>(server, "/api/v1/logs?nodeId=proto-1");
  assert.deepEqual(logs.body.items.map((l) => l.seq), [4, 3, 2, 1]);
  const series = await api<{ points: unknown[]; resolution: string }>(server, "/api/v1/nodes/proto-1/metrics?range=15m");
  assert.equal(series.body.resolution, "raw");
  assert.equal(series.body.points.length, 5);
  // A reconnect long enough to count as a disconnection leaves the node suspect until it beats again.
  assert.deepEqual(await emit(back, "heartbeat", { seq: 6, ts: Date.now(), metrics }), { ok: true, data: { seq: 6, duplicate: false } });
  const node = await waitFor("node healthy", async () => {
    const { body } = await api<{ node: NodeView }>(server, "/api/v1/nodes/proto-1");
    return body.node.state === "healthy" && body.node;
  });
  assert.equal(node.zone, "zone-a");
  assert.equal(node.metrics?.cpu, 0.25);
});

test("malformed and oversized events get error acks while other agents keep flowing", async () => {
  const bad = await agent("proto-bad");
  const good = await agent("proto-good");
  const now = Date.now();
  const malformed = await emit(bad, "heartbeat", { seq: 1, ts: now, metrics: { ...metrics, cpu: 7 } });
  assert.equal(malformed.ok, false);
  assert.equal(!malformed.ok && malformed.error.code, "bad_request");
  assert.match(!malformed.ok ? malformed.error.message : "", /metrics\.cpu/);
  const secondsNotMs = await emit(bad, "heartbeat", { seq: 1, ts: Math.floor(now / 1000), metrics });
  assert.equal(!secondsNotMs.ok && secondsNotMs.error.code, "bad_request");
  const tooMany = Array.from({ length: 501 }, (_, i) => ({ seq: i + 1, ts: now, level: "info", message: "x" }));
  const oversized = await emit(bad, "logs", { entries: tooMany });
  assert.equal(!oversized.ok && oversized.error.code, "bad_request");
  const hugeLine = await emit(bad, "logs", { entries: [{ seq: 1, ts: now, level: "info", message: "x".repeat(100_000) }] });
  assert.equal(hugeLine.ok, false);
  assert.equal((await emit(good, "heartbeat", { seq: 1, ts: now, metrics })).ok, true);

  // A packet over the hard cap closes only that connection.
  const closed = new Promise<string>((resolve) => bad.once("disconnect", resolve));
  bad.emit("logs", { entries: [{ seq: 1, ts: now, level: "info", message: "y".repeat(2_000_000) }] });
  assert.ok(await closed);
  assert.equal((await emit(good, "heartbeat", { seq: 2, ts: now + 1, metrics })).ok, true);
});

test("a flooding agent is throttled and then disconnected; others are unaffected", async () => {
  const flooder = await agent("proto-flood");
  const good = await agent("proto-calm");
  const disconnected = new Promise<void>((resolve) => flooder.once("disconnect", () => resolve()));
  let refused = 0;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 2600; i++) {
    sends.push(
      (flooder.timeout(5000).emitWithAck("heartbeat", { seq: i + 1, ts: Date.now(), metrics }) as Promise<Ack<unknown>>)
        .then((ack) => {
          if (!ack.ok && ack.error.code === "rate_limited") refused++;
        })
        .catch(() => undefined),
    );
  }
  await Promise.all(sends);
  await disconnected;
  assert.ok(refused > 0, "some events were refused as rate limited");
  assert.equal((await emit(good, "heartbeat", { seq: 1, ts: Date.now(), metrics })).ok, true);
});

test("a viewer token can read but cannot write", async () => {
  const created = await api<{ token: string; item: { role: string } }>(server, "/api/v1/api-tokens", {
    method: "POST",
    body: JSON.stringify({ name: "dashboards", role: "viewer" }),
  });
  assert.equal(created.status, 201);
  const viewer = created.body.token;
  assert.equal((await api(server, "/api/v1/nodes", { token: viewer })).status, 200);
  const write = await api<{ error: { code: string } }>(server, "/api/v1/agent-tokens", { method: "POST", token: viewer, body: JSON.stringify({ name: "x" }) });
  assert.equal(write.status, 403);
  assert.equal(write.body.error.code, "forbidden");
  const bad = await api<{ error: { code: string; message: string } }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "", role: "root" }) });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /role/);
});

test("agent tokens are shown once, stored hashed, and revocable", async () => {
  const created = await api<{ token: string; item: { id: string; prefix: string } }>(server, "/api/v1/agent-tokens", {
    method: "POST",
    body: JSON.stringify({ name: "rack-7" }),
  });
  assert.equal(created.status, 201);
  const listed = await api<{ items: Record<string, unknown>[] }>(server, "/api/v1/agent-tokens");
  assert.ok(!JSON.stringify(listed.body).includes(created.body.token), "the secret is never listed");
  const socket = connect({ token: created.body.token, nodeId: "rack-7-node", protocol: 1 });
  await connected(socket);
  await api(server, `/api/v1/agent-tokens/${created.body.item.id}`, { method: "DELETE" });
  const refused = await connectError(connect({ token: created.body.token, nodeId: "rack-7-node", protocol: 1 }));
  assert.match(refused.message, /unauthorized/);
});
