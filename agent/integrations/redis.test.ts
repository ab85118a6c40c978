import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import type { Command, CommandOutcome, Replication } from "../../lib/protocol/agent";
import type { Ack } from "../../lib/protocol/common";
import { CommandExecutor } from "../commands";
import { createRedisIntegration, lagFromHistory, parseInfo, type IntegrationSample, type RedisIntegration } from "./redis";
import { skipUnlessPresent } from "../../tests/support/requirements";
import { freePort } from "../testing/free-port";

const REDIS_SERVER = process.env.VIGIL_TEST_REDIS_SERVER ?? "redis-server";

describe("redis INFO parsing and lag", () => {
  it("parses INFO sections", () => {
    const info = parseInfo("# Replication\r\nrole:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\n\r\nslave0:ip=1,port=2\r\n");
    assert.deepEqual(info, { role: "slave", master_host: "10.0.0.1", master_port: "6379", slave0: "ip=1,port=2" });
  });

  it("interpolates when the primary passed the replica's offset", () => {
    const history = [
      { at: 1000, offset: 0 },
      { at: 2000, offset: 1000 },
      { at: 3000, offset: 2000 },
    ];
    assert.equal(lagFromHistory(history, 2000, 3010), 0, "level with the primary");
    assert.equal(lagFromHistory(history, 2500, 3010), 0, "ahead of the last sample");
    assert.equal(lagFromHistory(history, 1500, 3000), 500);
    assert.equal(lagFromHistory(history, 1000, 3000), 1000);
    assert.equal(lagFromHistory(history, -1, 3000), 2000, "behind everything: the history's age is a lower bound");
    assert.equal(lagFromHistory([], 5, 3000), undefined);
    assert.equal(lagFromHistory([{ at: 1000, offset: 10 }], 5, 3000), undefined, "one sample says nothing about time");
  });
});

// ---- real redis-server processes -------------------------------------------------------------

type Server = { port: number; address: string; child: ChildProcess; dir: string };
const servers: Server[] = [];
const clients: Redis[] = [];
const integrations: RedisIntegration[] = [];

async function startRedis(): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    if (port === 6379) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-redis-"));
    const child = spawn(
      REDIS_SERVER,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir, "--loglevel", "warning"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const server = { port, address: `127.0.0.1:${port}`, child, dir };
    servers.push(server);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await pingOnce(port)) return server;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stopRedis(server);
    if (attempt >= 3) throw new Error(`redis-server did not start on port ${port}`);
  }
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function stopRedis(server: Server): void {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

function admin(server: Server): Redis {
  const client = new Redis({ host: "127.0.0.1", port: server.port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

const hasRedis = spawnSync(REDIS_SERVER, ["--version"]).status === 0;

describe("redis integration against real redis-server processes", { skip: hasRedis ? false : skipUnlessPresent(`${REDIS_SERVER} not installed`) }, () => {
  let primary: Server;
  let replicaOne: Server;
  let replicaTwo: Server;
  let agents: Record<"p" | "r1" | "r2", RedisIntegration>;
  let counter = 0;
  const command = (overrides: Partial<Command>): Command => ({ id: `redis-cmd-${++counter}`, kind: "promote", epoch: 1, args: {}, timeoutMs: 5000, ...overrides });
  const outcomeOf = (ack: Ack<CommandOutcome>): CommandOutcome => {
    assert.ok(ack.ok, JSON.stringify(ack));
    return ack.data;
  };

  /** Polls the agent's heartbeat sample until `check` holds; returns that sample. */
  async function sampleUntil(agent: RedisIntegration, check: (sample: IntegrationSample) => boolean, what: string, timeoutMs = 10_000) {
    let last: IntegrationSample | undefined;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      last = await agent.sample();
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}; last sample ${JSON.stringify(last)}`);
  }
  const replicationOf = (sample: IntegrationSample): Replication => {
    assert.ok(sample.replication, "a sample with replication");
    return sample.replication;
  };

  before(async () => {
    [primary, replicaOne, replicaTwo] = await Promise.all([startRedis(), startRedis(), startRedis()]);
    const peers = { p: primary.address, r1: replicaOne.address, r2: replicaTwo.address };
    const make = (server: Server, selfNodeId: string) => {
      const integration = createRedisIntegration({ address: server.address, peers, selfNodeId, requestTimeoutMs: 1000 });
      integrations.push(integration);
      return integration;
    };
    agents = { p: make(primary, "p"), r1: make(replicaOne, "r1"), r2: make(replicaTwo, "r2") };
    for (const replica of [replicaOne, replicaTwo]) {
      assert.equal(await admin(replica).call("REPLICAOF", "127.0.0.1", String(primary.port)), "OK");
    }
  });

  after(async () => {
    for (const integration of integrations.splice(0)) await integration.close();
    for (const client of clients.splice(0)) client.disconnect();
    for (const server of servers.splice(0)) {
      stopRedis(server);
      if (server.child.exitCode === null && server.child.signalCode === null) {
        await new Promise((resolve) => server.child.once("exit", resolve));
      }
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  });

  it("reports roles, offsets that grow with writes, link status and service_up", async () => {
    const started = performance.now();
    const top = await agents.p.sample();
    const wall = performance.now() - started;
    assert.deepEqual(top.custom, { service_up: 1 });
    // The probe's own round trip: measured, and within the sample call that made it.
    assert.ok(typeof top.latencyMs === "number" && top.latencyMs >= 0 && top.latencyMs <= wall + 1, `latency ${top.latencyMs} ms of a ${wall.toFixed(1)} ms sample`);
    assert.deepEqual(replicationOf(top).role, "primary");
    assert.equal(replicationOf(top).linkUp, true);
    assert.equal(replicationOf(top).following, undefined);

    for (const agent of [agents.r1, agents.r2]) {
      const sample = await sampleUntil(agent, (s) => s.replication?.linkUp === true, "replica link up");
      assert.equal(replicationOf(sample).role, "replica");
      assert.equal(replicationOf(sample).following, "p", "the master's host:port is mapped through the peer list");
    }

    const before = replicationOf(await agents.p.sample()).offset;
    const writer = admin(primary);
    for (let i = 0; i < 200; i++) await writer.set(`key:${i}`, "x".repeat(100));
    const after = replicationOf(await agents.p.sample()).offset;
    assert.ok(after > before + 200 * 100, `primary offset grew from ${before} to ${after}`);
    for (const agent of [agents.r1, agents.r2]) {
      const caughtUp = await sampleUntil(agent, (s) => (s.replication?.offset ?? 0) >= after, "replica catches up");
      assert.equal(replicationOf(caughtUp).linkUp, true);
      assert.ok(replicationOf(caughtUp).lagMs < 1000, `lag ${replicationOf(caughtUp).lagMs} ms`);
    }
    assert.equal(await admin(replicaOne).get("key:199"), "x".repeat(100));
  });

  it("sees the replicas' link go down when the primary dies, and service_up 0 on the primary's agent", async () => {
    stopRedis(primary);
    await new Promise((resolve) => primary.child.once("exit", resolve));
    for (const agent of [agents.r1, agents.r2]) {
      const sample = await sampleUntil(agent, (s) => s.replication?.linkUp === false, "replica link down");
      assert.equal(replicationOf(sample).role, "replica");
      assert.equal(replicationOf(sample).following, "p");
      assert.equal(sample.custom.service_up, 1, "the replica itself still answers");
    }
    const dead = await agents.p.sample();
    assert.deepEqual(dead, { custom: { service_up: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = replicationOf(await agents.r1.sample());
    assert.ok(later.lagMs >= 1000, `lag counts the time the link has been down (${later.lagMs} ms)`);
  });

  it("promotes a replica into a primary that accepts writes", async () => {
    const executor = new CommandExecutor({ integration: agents.r1 });
    const writes = admin(replicaOne);
    await assert.rejects(writes.set("before-promote", "1"), /READONLY/);
    const outcome = outcomeOf(await executor.handle(command({ kind: "promote", epoch: 2 })));
    assert.equal(outcome.outcome, "succeeded", outcome.detail);
    assert.equal(outcome.replication?.role, "primary");
    assert.equal(outcome.replication?.linkUp, true);
    assert.equal(await writes.set("after-promote", "1"), "OK");
    const again = outcomeOf(await executor.handle(command({ kind: "promote", epoch: 2 })));
    assert.equal(again.outcome, "succeeded");
    assert.match(again.detail, /already a primary/);
    assert.equal(outcomeOf(await executor.handle(command({ kind: "promote", epoch: 1 }))).outcome, "refused", "fenced");
  });

  it("re-points the other replica at the new primary through the peer list (the --peer override)", async () => {
    const executor = new CommandExecutor({ integration: agents.r2 });
    const unknown = outcomeOf(await executor.handle(command({ kind: "follow", epoch: 2, args: { target: "nobody" } })));
    assert.equal(unknown.outcome, "refused");
    assert.equal(unknown.detail, "no membership received from Vigil yet and no --peer for nobody");
    const itself = outcomeOf(await executor.handle(command({ kind: "follow", epoch: 2, args: { target: "r2" } })));
    assert.equal(itself.outcome, "refused");

    const outcome = outcomeOf(await executor.handle(command({ kind: "follow", epoch: 2, args: { target: "r1" } })));
    assert.equal(outcome.outcome, "succeeded", outcome.detail);
    assert.equal(outcome.replication?.role, "replica");
    assert.equal(outcome.replication?.following, "r1");

    const synced = await sampleUntil(agents.r2, (s) => s.replication?.linkUp === true, "link up after the resync");
    assert.equal(replicationOf(synced).following, "r1");
    const newPrimary = admin(replicaOne);
    await newPrimary.set("after-follow", "yes");
    const target = replicationOf(await agents.r1.sample()).offset;
    await sampleUntil(agents.r2, (s) => (s.replication?.offset ?? 0) >= target, "replica reaches the new primary's offset");
    assert.equal(await admin(replicaTwo).get("after-follow"), "yes");
    assert.equal(await admin(replicaTwo).get("key:0"), "x".repeat(100), "data from before the failover is still there");
  });

  it("follows by host and port too", async () => {
    const executor = new CommandExecutor({ integration: agents.r2 });
    const outcome = outcomeOf(
      await executor.handle(command({ kind: "follow", epoch: 3, args: { host: "127.0.0.1", port: replicaOne.port } })),
    );
    assert.equal(outcome.outcome, "succeeded", outcome.detail);
    assert.equal(outcome.replication?.following, "r1");
    const stranger = outcomeOf(await executor.handle(command({ kind: "follow", epoch: 3, args: { host: "127.0.0.1", port: 1 } })));
    assert.equal(stranger.outcome, "refused", "an address outside the node's replica group is never followed");
    assert.match(stranger.detail, /no membership received from Vigil yet and no --peer with 127\.0\.0\.1:1/);
  });

  it("runs the restart hook and waits for redis to answer again; refuses without one", async () => {
    const bare = new CommandExecutor({ integration: agents.r1 });
    const refused = outcomeOf(await bare.handle(command({ kind: "restart", epoch: 3 })));
    assert.equal(refused.outcome, "refused");
    assert.match(refused.detail, /no "restart" hook/);

    const hooked = createRedisIntegration({ address: replicaOne.address, hooks: { restart: [process.execPath, "-e", "process.exit(0)"] } });
    integrations.push(hooked);
    const outcome = outcomeOf(await new CommandExecutor({ integration: hooked }).handle(command({ kind: "restart", epoch: 3 })));
    assert.equal(outcome.outcome, "succeeded", outcome.detail);
    assert.match(outcome.detail, /answers PING again/);
    assert.equal(outcome.replication?.role, "primary");
  });
});
