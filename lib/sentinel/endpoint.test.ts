import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { test } from "node:test";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { detectorConfig } from "../detect/detector";
import { LiveFleet } from "../fleet/live-fleet";
import { startSentinelEndpoint, SWITCH_MASTER_CHANNEL } from "./endpoint";

const metrics = { cpu: 10, mem: 20, disk: 30, netIn: 1, netOut: 1, load1: 0.5 };
const addressOf = (id: string) => `127.0.0.1:${{ a: 7001, b: 7002, c: 7003 }[id]}`;

/** A fleet of three kv members as agents report them: hellos, then heartbeats with replication. */
function kvFleet(): { fleet: LiveFleet; report: (id: string, role: "primary" | "replica") => void } {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000, reconnectGraceMs: 0 }));
  const seq = new Map<string, number>();
  const now = Date.now();
  const report = (id: string, role: "primary" | "replica") => {
    const next = (seq.get(id) ?? 0) + 1;
    seq.set(id, next);
    fleet.acceptHeartbeat(id, { seq: next, ts: Date.now(), metrics, replication: { role, offset: 100, lagMs: 0, linkUp: true, address: addressOf(id) } }, Date.now());
  };
  for (const [id, role] of [["a", "primary"], ["b", "replica"], ["c", "replica"]] as const) {
    fleet.applyHello(id, { hostname: id, agentVersion: "test", group: "kv", role }, { heartbeat: 0, log: 0 }, now);
    fleet.connected(id, now);
    report(id, role);
  }
  return { fleet, report };
}

function sentinelClient(port: number, password?: string): Redis {
  const client = new Redis({ port, host: "127.0.0.1", password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  return client;
}

test("over TCP: ioredis and redis-cli ask; the live fleet's promotion and announceSwitch each publish +switch-master once", async (t) => {
  const { fleet, report } = kvFleet();
  const endpoint = await startSentinelEndpoint({ fleet, host: "127.0.0.1", port: 0, password: null, memory: null, downAfterMs: 3000 });
  t.after(() => endpoint.stop());
  const client = sentinelClient(endpoint.port);
  const subscriber = sentinelClient(endpoint.port);
  t.after(() => {
    client.disconnect();
    subscriber.disconnect();
  });
  assert.deepEqual(await client.call("SENTINEL", "get-master-addr-by-name", "kv"), ["127.0.0.1", "7001"]);
  const cli = await promisify(execFile)("redis-cli", ["-p", String(endpoint.port), "SENTINEL", "get-master-addr-by-name", "kv"]).catch(() => null);
  if (cli) assert.equal(cli.stdout, "127.0.0.1\n7001\n");

  const messages: string[] = [];
  subscriber.on("message", (channel: string, message: string) => messages.push(`${channel} ${message}`));
  await subscriber.subscribe(SWITCH_MASTER_CHANNEL);

  // A failover as the fleet sees it: a stops reporting primary, b reports it.
  report("a", "replica");
  report("b", "primary");
  const deadline = Date.now() + 5000;
  while (messages.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(messages, ["+switch-master kv 127.0.0.1 7001 127.0.0.1 7002"]);
  assert.deepEqual(await client.call("SENTINEL", "get-master-addr-by-name", "kv"), ["127.0.0.1", "7002"]);

  // A switchover committing: announced at once, answered at once, then confirmed by the fleet without a second message.
  assert.equal(endpoint.announceSwitch("kv", addressOf("b"), addressOf("c"), "c"), true);
  assert.deepEqual(await client.call("SENTINEL", "get-master-addr-by-name", "kv"), ["127.0.0.1", "7003"]);
  report("b", "replica");
  report("c", "primary");
  assert.deepEqual(await client.call("SENTINEL", "get-master-addr-by-name", "kv"), ["127.0.0.1", "7003"]);
  assert.equal(endpoint.announceSwitch("kv", addressOf("b"), addressOf("c"), "c"), true, "announcing it again changes nothing");
  await client.ping();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(messages, ["+switch-master kv 127.0.0.1 7001 127.0.0.1 7002", "+switch-master kv 127.0.0.1 7002 127.0.0.1 7003"]);
});

test("over TCP: a password refuses unauthenticated clients and lets ioredis' sentinelPassword in", async (t) => {
  const { fleet } = kvFleet();
  const endpoint = await startSentinelEndpoint({ fleet, host: "127.0.0.1", port: 0, password: "s3cret", memory: null, downAfterMs: 3000 });
  t.after(() => endpoint.stop());
  const anonymous = sentinelClient(endpoint.port);
  const signedIn = sentinelClient(endpoint.port, "s3cret");
  t.after(() => {
    anonymous.disconnect();
    signedIn.disconnect();
  });
  await anonymous.connect();
  await assert.rejects(anonymous.call("SENTINEL", "get-master-addr-by-name", "kv"), /NOAUTH Authentication required/);
  await signedIn.connect();
  assert.deepEqual(await signedIn.call("SENTINEL", "get-master-addr-by-name", "kv"), ["127.0.0.1", "7001"]);
});

test("over TCP: a command larger than the bound, or not RESP, closes the connection with an error", async (t) => {
  const { fleet } = kvFleet();
  const endpoint = await startSentinelEndpoint({ fleet, host: "127.0.0.1", port: 0, password: null, memory: null, downAfterMs: 3000, limits: { maxCommandBytes: 1024, maxConnections: 2 } });
  t.after(() => endpoint.stop());
  const exchange = async (payload: string | Buffer) => {
    const socket = connect(endpoint.port, "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("utf8")));
    socket.on("error", () => undefined);
    socket.write(payload);
    await once(socket, "close");
    return received;
  };
  assert.match(await exchange(`*2\r\n$4\r\nPING\r\n$100000\r\n${"x".repeat(5000)}`), /^-ERR Protocol error: command too large\r\n$/);
  assert.match(await exchange("PING\r\n"), /^-ERR Protocol error/);
  assert.match(await exchange("*1\r\n$4\r\nQUIT\r\n"), /^\+OK\r\n$/);

  const held = [connect(endpoint.port, "127.0.0.1"), connect(endpoint.port, "127.0.0.1")];
  t.after(() => held.forEach((socket) => socket.destroy()));
  await Promise.all(held.map((socket) => once(socket, "connect")));
  const deadline = Date.now() + 2000;
  let refused = "";
  while (Date.now() < deadline && !refused.includes("max number")) refused = await exchange("*1\r\n$4\r\nPING\r\n");
  assert.match(refused, /^-ERR max number of clients reached\r\n$/);
});
