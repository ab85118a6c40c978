import assert from "node:assert/strict";
import { after, afterEach, describe, it } from "node:test";
import type { Membership, Metrics } from "../lib/protocol/agent";
import { AgentClient } from "./client";
import { CommandExecutor } from "./commands";
import { createMemorySpool } from "./spool";
import { startFakeAgentServer, type FakeAgentServer } from "./testing/fake-agent-server";
import { waitFor } from "./testing/wait-for";

const metrics: Metrics = { cpu: 0.5, mem: 0.4, disk: 0.3, netIn: 100, netOut: 200, load1: 1.2 };
const hello = { hostname: "test-host", agentVersion: "test" };

const clients: AgentClient[] = [];
const servers: FakeAgentServer[] = [];

function makeClient(server: FakeAgentServer, nodeId: string, overrides: Partial<ConstructorParameters<typeof AgentClient>[0]> = {}) {
  const client = new AgentClient({
    serverUrl: server.url,
    token: "test-token",
    nodeId,
    hello,
    spool: createMemorySpool(),
    reconnectDelayMs: 20,
    reconnectDelayMaxMs: 100,
    ackTimeoutMs: 1000,
    ...overrides,
  });
  clients.push(client);
  return client;
}

async function serve(options: Parameters<typeof startFakeAgentServer>[0] = {}) {
  const server = await startFakeAgentServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop(100);
});
after(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe("AgentClient", () => {
  it("delivers heartbeats and logs with increasing seqs", async () => {
    const server = await serve();
    const client = makeClient(server, "n1");
    client.start();
    for (let i = 0; i < 20; i++) client.pushHeartbeat(metrics);
    client.pushLogs([{ ts: Date.now(), level: "info", message: "hello" }, { ts: Date.now(), level: "warn", message: "careful" }]);
    await waitFor(() => server.node("n1").heartbeats.size === 20 && server.node("n1").logs.size === 2, "delivery");
    assert.deepEqual([...server.node("n1").heartbeats.keys()].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.deepEqual([...server.node("n1").logs.keys()], [1, 2]);
    await waitFor(() => client.stats().heartbeats.acked === 20, "acks");
    assert.equal(client.stats().heartbeats.acked, 20);
  });

  it("renumbers a spool far ahead of what the server stores (a new database) instead of being refused", async () => {
    const server = await serve({ maxSeqJump: 1000 });
    const spool = createMemorySpool();
    spool.heartbeats.setNextSeq(5_000_000);
    const client = makeClient(server, "n-renumber", { spool });
    client.start();
    for (let i = 0; i < 3; i++) client.pushHeartbeat(metrics);
    await waitFor(() => server.node("n-renumber").heartbeats.size === 3, "delivery");
    assert.deepEqual([...server.node("n-renumber").heartbeats.keys()].sort((a, b) => a - b), [1, 2, 3]);
  });

  it("continues numbering after the seqs the server already stored", async () => {
    const server = await serve();
    const stored = server.node("n2");
    for (let seq = 1; seq <= 41; seq++) stored.heartbeats.set(seq, { seq, ts: Date.now(), metrics });
    stored.logs.set(7, { seq: 7, ts: Date.now(), level: "info", message: "old" });
    const client = makeClient(server, "n2");
    client.pushHeartbeat(metrics); // before hello: must not be numbered 1 and lost as a duplicate
    client.start();
    client.pushLogs([{ ts: Date.now(), level: "info", message: "new" }]);
    await waitFor(() => stored.heartbeats.size === 42 && stored.logs.size === 2, "resumed delivery");
    assert.ok(stored.heartbeats.has(42));
    assert.ok(stored.logs.has(8));
    assert.equal(stored.duplicates, 0);
  });

  it("replays unacknowledged items in order after the server drops the connection", async () => {
    let silent = true;
    const server = await serve({ onHeartbeat: () => (silent ? "silent" : "store") });
    const client = makeClient(server, "n3", { ackTimeoutMs: 5000 });
    client.start();
    await waitFor(() => client.connected, "connect");
    for (let i = 0; i < 10; i++) client.pushHeartbeat(metrics);
    await waitFor(() => client.stats().heartbeats.sent === 10, "first sends");
    assert.equal(server.node("n3").heartbeats.size, 0);
    silent = false;
    server.dropAll();
    await waitFor(() => server.node("n3").heartbeats.size === 10, "replay");
    const order = [...server.node("n3").heartbeats.keys()];
    assert.deepEqual(order, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await waitFor(() => client.stats().heartbeats.queued === 0, "acks after replay");
    assert.equal(client.stats().heartbeats.resent, 10);
    assert.ok(server.node("n3").hellos >= 2);
  });

  it("waits for acknowledgements slower than the ack timeout on a live connection instead of resending", async () => {
    const server = await serve({ onHeartbeat: () => ({ delayMs: 1500 }) });
    const client = makeClient(server, "n3b", { ackTimeoutMs: 500 });
    client.start();
    await waitFor(() => client.connected, "connect");
    for (let i = 0; i < 5; i++) client.pushHeartbeat(metrics);
    await waitFor(() => client.stats().heartbeats.acked === 5, "late acks", 8000);
    assert.equal(client.stats().heartbeats.resent, 0);
    assert.equal(server.node("n3b").duplicates, 0);
    assert.equal(server.node("n3b").hellos, 1, "the connection was kept");
  });

  it("gives up on a connection that acknowledges nothing for the stall timeout, and replays on the next", async () => {
    let silent = true;
    const server = await serve({ onHeartbeat: () => (silent ? "silent" : "store") });
    const client = makeClient(server, "n3c", { stallTimeoutMs: 800 });
    client.start();
    await waitFor(() => client.connected, "connect");
    for (let i = 0; i < 3; i++) client.pushHeartbeat(metrics);
    await waitFor(() => server.node("n3c").hellos >= 2, "reconnect after the stall", 8000);
    silent = false;
    await waitFor(() => server.node("n3c").heartbeats.size === 3 && client.stats().heartbeats.queued === 0, "replay", 8000);
    assert.deepEqual([...server.node("n3c").heartbeats.keys()], [1, 2, 3]);
  });

  it("drops items the server rejects with bad_request and keeps going", async () => {
    const server = await serve({ onHeartbeat: (_node, heartbeat) => (heartbeat.seq === 3 ? { code: "bad_request" } : "store") });
    const client = makeClient(server, "n4");
    client.start();
    for (let i = 0; i < 5; i++) client.pushHeartbeat(metrics);
    await waitFor(() => client.stats().heartbeats.acked + client.stats().heartbeats.dropped === 5, "all settled");
    assert.equal(client.stats().heartbeats.queued, 0);
    assert.deepEqual([...server.node("n4").heartbeats.keys()].sort(), [1, 2, 4, 5]);
    assert.equal(client.stats().heartbeats.dropped, 1);
  });

  it("isolates one invalid log entry instead of dropping its whole batch", async () => {
    const server = await serve();
    const client = makeClient(server, "n5");
    client.pushLogs([
      { ts: Date.now(), level: "info", message: "a" },
      { ts: 5, level: "info", message: "timestamp in the wrong unit" },
      { ts: Date.now(), level: "info", message: "c" },
    ]);
    client.start();
    await waitFor(() => client.stats().logs.acked + client.stats().logs.dropped === 3, "all settled");
    assert.equal(client.stats().logs.queued, 0);
    assert.deepEqual([...server.node("n5").logs.keys()].sort(), [1, 3]);
    assert.equal(client.stats().logs.dropped, 1);
  });

  it("retries rate-limited heartbeats later", async () => {
    let refusals = 3;
    const server = await serve({ onHeartbeat: () => (refusals-- > 0 ? { code: "rate_limited" } : "store") });
    const client = makeClient(server, "n6");
    client.start();
    client.pushHeartbeat(metrics);
    await waitFor(() => server.node("n6").heartbeats.size === 1, "eventual delivery", 8000);
    assert.equal(client.stats().heartbeats.dropped, 0);
  });

  it("holds data while paused and while killed, then delivers it", async () => {
    const server = await serve();
    const client = makeClient(server, "n7");
    client.start();
    await waitFor(() => client.connected, "connect");
    client.pause();
    client.pushHeartbeat(metrics);
    // A command is answered even while paused, on the same ordered socket: once its answer is
    // back, a heartbeat the client had sent before would have arrived first.
    await server.sendCommand("n7", {});
    assert.equal(client.stats().heartbeats.sent, 0, "held, not sent");
    assert.equal(server.node("n7").heartbeats.size, 0);
    assert.equal(server.connectedCount(), 1, "a hung agent keeps its socket");
    client.resume();
    await waitFor(() => server.node("n7").heartbeats.size === 1, "delivery after resume");

    const connectsBeforeKill = client.stats().connects;
    client.disconnectAbruptly();
    await waitFor(() => server.connectedCount() === 0, "server sees the drop");
    client.pushHeartbeat(metrics);
    // Twice the longest reconnect delay (reconnectDelayMaxMs: 100): a client about to come back would have.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(client.stats().connects, connectsBeforeKill, "a killed agent does not reconnect");
    assert.equal(server.connectedCount(), 0, "a killed agent stays down");
    client.start();
    await waitFor(() => server.node("n7").heartbeats.size === 2, "delivery after revive");
  });

  it("treats a protocol mismatch as fatal and an unknown token as retryable", async () => {
    const server = await serve();
    const seen: { fatal?: Error } = {};
    const bad = makeClient(server, "n8", {
      token: "wrong",
      socketFactory: undefined,
      onFatal: (error) => {
        seen.fatal = error;
      },
    });
    bad.start();
    // Refused twice: the client came back after the first refusal instead of giving up.
    await waitFor(() => server.unauthorizedCount() >= 2, "a retry after the token was refused");
    assert.equal(seen.fatal === undefined, true, "a bad token is not fatal");
    assert.equal(bad.stats().state, "connecting");
    await bad.stop(0);

    const { io } = await import("socket.io-client");
    const mismatched = makeClient(server, "n9", {
      socketFactory: (url, options) => io(url, { ...options, auth: { token: "test-token", nodeId: "n9", protocol: 99 } }),
      onFatal: (error) => {
        seen.fatal = error;
      },
    });
    mismatched.start();
    await waitFor(() => seen.fatal !== undefined, "fatal error");
    assert.match(String(seen.fatal?.message), /protocol mismatch/);
    assert.equal(mismatched.stats().state, "stopped");
  });

  it("hands a valid membership to the integration and acks its size; refuses a malformed one", async () => {
    const server = await serve();
    const received: Membership[] = [];
    const commands = new CommandExecutor({ integration: { name: "recording", handlers: {}, setMembership: (membership) => received.push(membership) } });
    const client = makeClient(server, "n10", { commands });
    client.start();
    await waitFor(() => client.connected, "connected");
    const membership: Membership = {
      group: "g1",
      members: [
        { nodeId: "n10", address: "10.0.0.10:6379" },
        { nodeId: "n11", address: "[fd00::11]:6379" },
        { nodeId: "n12", address: null },
      ],
    };
    assert.deepEqual(await server.sendMembership("n10", membership), { ok: true, data: { members: 3 } });
    assert.deepEqual(received, [membership]);
    assert.deepEqual(client.membership, membership);

    const bad = await server.sendMembership("n10", { group: "g1", members: [{ nodeId: "n11", address: "no port" }] });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.error.code === "bad_request" && /members\.0\.address/.test(bad.error.message), JSON.stringify(bad));
    assert.equal(received.length, 1, "a malformed membership never reaches the integration");
    assert.deepEqual(client.membership, membership, "the last valid one stays");
  });
});
