import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis, type RedisOptions } from "ioredis";
import type { Command, CommandOutcome, Membership, Replication } from "../../lib/protocol/agent";
import type { Ack } from "../../lib/protocol/common";
import { CommandExecutor } from "../commands";
import type { AgentLogger } from "../logger";
import { createRedisIntegration, type IntegrationSample, type RedisIntegration, type RedisIntegrationOptions } from "./redis";
import { skipUnlessPresent } from "../../tests/support/requirements";
import { freePort } from "../testing/free-port";

/*
 * The Redis integration against real redis-servers that want a password, an ACL user with the
 * least privilege documented in docs/agent.md, and TLS with client certificates; follow targets
 * resolved from Vigil's membership alone (no --peer).
 */

const REDIS_SERVER = process.env.VIGIL_TEST_REDIS_SERVER ?? "redis-server";
const hasRedis = spawnSync(REDIS_SERVER, ["--version"]).status === 0;
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

/** Exactly the ACL docs/agent.md documents for the agent's user. */
const AGENT_ACL = ["resetkeys", "resetchannels", "-@all", "+ping", "+info", "+config|get", "+replicaof", "+client|pause", "+client|unpause", "+client|kill"];
const ADMIN_PASSWORD = "admin-pass-0b1";
const AGENT_PASSWORD = "agent-pass-7f3";
const REPLICATION_PASSWORD = "repl-pass-c42";

type Server = { port: number; address: string; child: ChildProcess; dir: string };
const servers: Server[] = [];
const clients: Redis[] = [];
const integrations: RedisIntegration[] = [];

/** A redis-server with these extra arguments; ready once it logs so (it may want AUTH or TLS, so no PING). */
async function startRedis(extra: (port: number) => string[], tls = false): Promise<Server> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-redis-auth-"));
  const listen = tls ? ["--port", "0", "--tls-port", String(port)] : ["--port", String(port)];
  const child = spawn(
    REDIS_SERVER,
    [...listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir, "--loglevel", "notice", ...extra(port)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const server = { port, address: `127.0.0.1:${port}`, child, dir };
  servers.push(server);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not start: ${output}`)), 10_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited: ${output}`));
    });
  });
  return server;
}

function connect(server: Server, options: RedisOptions = {}): Redis {
  const client = new Redis({ host: "127.0.0.1", port: server.port, maxRetriesPerRequest: 1, retryStrategy: () => null, ...options });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

function integration(options: RedisIntegrationOptions): RedisIntegration {
  const made = createRedisIntegration({ requestTimeoutMs: 1000, ...options });
  integrations.push(made);
  return made;
}

function capturingLogger(lines: string[]): AgentLogger {
  return { info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
}

async function sampleUntil(agent: RedisIntegration, check: (sample: IntegrationSample) => boolean, what: string, timeoutMs = 10_000): Promise<IntegrationSample> {
  let last: IntegrationSample | undefined;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    last = await agent.sample();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last sample ${JSON.stringify(last)}`);
}

function replicationOf(sample: IntegrationSample): Replication {
  assert.ok(sample.replication, `a sample with replication: ${JSON.stringify(sample)}`);
  return sample.replication;
}

let counter = 0;
const command = (overrides: Partial<Command>): Command => ({ id: `auth-cmd-${++counter}`, kind: "promote", epoch: 1, args: {}, timeoutMs: 5000, ...overrides });
function outcomeOf(ack: Ack<CommandOutcome>): CommandOutcome {
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data;
}

after(async () => {
  for (const made of integrations.splice(0)) await made.close();
  for (const client of clients.splice(0)) client.disconnect();
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await new Promise((resolve) => server.child.once("exit", resolve));
    }
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
});

const skipRedis = hasRedis ? false : skipUnlessPresent(`${REDIS_SERVER} not installed`);

describe("redis with requirepass", { skip: skipRedis }, () => {
  let server: Server;
  before(async () => {
    server = await startRedis(() => ["--requirepass", ADMIN_PASSWORD]);
  });

  it("authenticates with the password alone, and reports the address Redis announces", async () => {
    const agent = integration({ address: server.address, password: ADMIN_PASSWORD });
    const sample = await agent.sample();
    assert.equal(sample.custom.service_up, 1);
    assert.equal(replicationOf(sample).role, "primary");
    assert.equal(replicationOf(sample).address, server.address, "the host of --redis and the port Redis listens on");

    await connect(server, { password: ADMIN_PASSWORD }).call("CONFIG", "SET", "replica-announce-ip", "10.1.2.3", "replica-announce-port", "7000");
    const announced = integration({ address: server.address, password: ADMIN_PASSWORD });
    assert.equal(replicationOf(await announced.sample()).address, "10.1.2.3:7000", "replica-announce-ip/port win");
    const overridden = integration({ address: server.address, password: ADMIN_PASSWORD, announce: "db-1.example:6380" });
    assert.equal(replicationOf(await overridden.sample()).address, "db-1.example:6380", "--redis-announce wins over everything");
  });

  it("without the password: service_up 0 and NOAUTH logged", async () => {
    const lines: string[] = [];
    const agent = integration({ address: server.address, logger: capturingLogger(lines) });
    assert.deepEqual(await agent.sample(), { custom: { service_up: 0 } });
    assert.ok(lines.some((line) => /NOAUTH/.test(line)), lines.join("\n"));
  });
});

describe("redis with a least-privilege ACL user, following by Vigil's membership", { skip: skipRedis }, () => {
  let primary: Server;
  let replicaOne: Server;
  let replicaTwo: Server;
  let agents: Record<"p" | "r1" | "r2", RedisIntegration>;
  let executors: Record<"p" | "r1" | "r2", CommandExecutor>;
  let membership: Membership;
  const admin = (server: Server) => connect(server, { password: ADMIN_PASSWORD });

  before(async () => {
    const acl = (replicaOf?: number) => [
      "--requirepass",
      ADMIN_PASSWORD,
      "--user",
      "vigil-agent",
      "on",
      `>${AGENT_PASSWORD}`,
      ...AGENT_ACL,
      "--user",
      "replicator",
      "on",
      `>${REPLICATION_PASSWORD}`,
      "-@all",
      "+psync",
      "+replconf",
      "+ping",
      "--masteruser",
      "replicator",
      "--masterauth",
      REPLICATION_PASSWORD,
      ...(replicaOf ? ["--replicaof", "127.0.0.1", String(replicaOf)] : []),
    ];
    primary = await startRedis(() => acl());
    [replicaOne, replicaTwo] = await Promise.all([startRedis(() => acl(primary.port)), startRedis(() => acl(primary.port))]);
    membership = {
      group: "g1",
      members: [
        { nodeId: "p", address: primary.address },
        { nodeId: "r1", address: replicaOne.address },
        { nodeId: "r2", address: replicaTwo.address },
      ],
    };
    const make = (server: Server, selfNodeId: string) => integration({ address: server.address, username: "vigil-agent", password: AGENT_PASSWORD, selfNodeId });
    agents = { p: make(primary, "p"), r1: make(replicaOne, "r1"), r2: make(replicaTwo, "r2") };
    executors = {
      p: new CommandExecutor({ integration: agents.p }),
      r1: new CommandExecutor({ integration: agents.r1 }),
      r2: new CommandExecutor({ integration: agents.r2 }),
    };
  });

  it("samples with only that ACL: addresses, and the address each replica follows", async () => {
    const top = replicationOf(await agents.p.sample());
    assert.equal(top.role, "primary");
    assert.equal(top.address, primary.address);
    for (const [agent, server] of [[agents.r1, replicaOne], [agents.r2, replicaTwo]] as const) {
      const replica = replicationOf(await sampleUntil(agent, (s) => s.replication?.linkUp === true, "replica link up (masteruser/masterauth)"));
      assert.equal(replica.role, "replica");
      assert.equal(replica.address, server.address);
      assert.equal(replica.followingAddress, primary.address);
      assert.equal(replica.following, undefined, "no --peer: the server maps the address to a member");
    }
  });

  it("refuses a follow before any membership, and any address Vigil does not list", async () => {
    const early = outcomeOf(await executors.r2.handle(command({ kind: "follow", args: { target: "r1" } })));
    assert.equal(early.outcome, "refused");
    assert.equal(early.detail, "no membership received from Vigil yet and no --peer for r1");

    for (const executor of Object.values(executors)) executor.setMembership(membership);
    const wrongAddress = outcomeOf(await executors.r2.handle(command({ kind: "follow", args: { target: "r1", host: "127.0.0.1", port: 1 } })));
    assert.equal(wrongAddress.outcome, "refused");
    assert.equal(wrongAddress.detail, "127.0.0.1:1 is not the address Vigil lists for r1 in group g1");
    const stranger = outcomeOf(await executors.r2.handle(command({ kind: "follow", args: { host: "127.0.0.1", port: 1 } })));
    assert.equal(stranger.outcome, "refused");
    assert.match(stranger.detail, /not the address of any member Vigil lists in group g1/);
    const nonMember = outcomeOf(await executors.r2.handle(command({ kind: "follow", args: { target: "elsewhere" } })));
    assert.equal(nonMember.outcome, "refused");
    assert.match(nonMember.detail, /elsewhere is not a member of group g1/);
    const itself = outcomeOf(await executors.r2.handle(command({ kind: "follow", args: { host: "127.0.0.1", port: replicaTwo.port } })));
    assert.equal(itself.outcome, "refused");
    assert.match(itself.detail, /cannot follow itself/);
    assert.equal(await admin(replicaTwo).call("ROLE").then((role) => (role as unknown[])[0]), "slave", "nothing changed");
  });

  it("switches over with only that ACL: pause, catch-up, promote, follow with client kill, unpause", async () => {
    const writer = admin(primary);
    for (let i = 0; i < 100; i++) await writer.set(`k:${i}`, "v".repeat(50));
    const application = admin(primary);
    const subscriber = admin(primary);
    await application.ping();
    await subscriber.subscribe("news");
    const applicationClosed = new Promise((resolve) => application.once("end", resolve));
    const subscriberClosed = new Promise((resolve) => subscriber.once("end", resolve));

    const notPrimary = outcomeOf(await executors.r1.handle(command({ kind: "pause-writes", epoch: 2, args: { pauseMs: 2000 } })));
    assert.equal(notPrimary.outcome, "refused");
    const paused = outcomeOf(await executors.p.handle(command({ kind: "pause-writes", epoch: 2, args: { pauseMs: 10_000 } })));
    assert.equal(paused.outcome, "succeeded", paused.detail);
    assert.match(paused.detail, /writes paused until \d{4}-\d\d-\d\dT/);
    const pausedOffset = paused.replication?.offset ?? -1;
    const infoAfterPause = await writer.info("replication");
    assert.equal(Number(/master_repl_offset:(\d+)/.exec(infoAfterPause)?.[1]), pausedOffset, "the outcome's offset is the primary's while paused");

    const caughtUp = outcomeOf(await executors.r1.handle(command({ kind: "catch-up", epoch: 2, args: { offset: pausedOffset } })));
    assert.equal(caughtUp.outcome, "succeeded", caughtUp.detail);
    assert.ok((caughtUp.replication?.offset ?? 0) >= pausedOffset);
    const promoted = outcomeOf(await executors.r1.handle(command({ kind: "promote", epoch: 2 })));
    assert.equal(promoted.outcome, "succeeded", promoted.detail);

    const demoted = outcomeOf(await executors.p.handle(command({ kind: "follow", epoch: 2, args: { target: "r1", host: "127.0.0.1", port: replicaOne.port } })));
    assert.equal(demoted.outcome, "succeeded", demoted.detail);
    assert.match(demoted.detail, /member r1 of group g1/);
    assert.match(demoted.detail, /disconnected [1-9]\d* client\(s\) and 1 pub\/sub client\(s\)/);
    assert.equal(demoted.replication?.role, "replica");
    assert.equal(demoted.replication?.followingAddress, replicaOne.address);
    await applicationClosed;
    await subscriberClosed;

    const unpaused = outcomeOf(await executors.p.handle(command({ kind: "unpause", epoch: 2 })));
    assert.equal(unpaused.outcome, "succeeded", unpaused.detail);
    const again = outcomeOf(await executors.p.handle(command({ kind: "unpause", epoch: 2 })));
    assert.equal(again.outcome, "succeeded", "unpause succeeds when nothing is paused");

    const repointed = outcomeOf(await executors.r2.handle(command({ kind: "follow", epoch: 2, args: { target: "r1" } })));
    assert.equal(repointed.outcome, "succeeded", repointed.detail);
    assert.doesNotMatch(repointed.detail, /disconnected/, "a replica re-pointed keeps its clients");

    const newPrimary = admin(replicaOne);
    assert.equal(await newPrimary.set("after-switchover", "yes"), "OK");
    const target = replicationOf(await agents.r1.sample()).offset;
    for (const agent of [agents.p, agents.r2]) {
      const replica = replicationOf(await sampleUntil(agent, (s) => s.replication?.linkUp === true && s.replication.offset >= target, "the others reach the new primary"));
      assert.equal(replica.followingAddress, replicaOne.address);
    }
    assert.equal(await admin(primary).get("after-switchover"), "yes");
    assert.equal(await admin(replicaTwo).get("k:99"), "v".repeat(50), "no write from before the switchover is lost");
  });

  it("catch-up fails at the deadline with the offset it reached", async () => {
    const outcome = outcomeOf(await executors.r2.handle(command({ kind: "catch-up", epoch: 2, args: { offset: 1e12 }, timeoutMs: 300 })));
    assert.equal(outcome.outcome, "failed");
    assert.match(outcome.detail, /did not reach offset 1000000000000 before the deadline: at \d+, link up/);
  });

  it("a wrong password fails clearly and is never logged or reported", async () => {
    const wrong = "wrong-pass-91d";
    const lines: string[] = [];
    const agent = integration({ address: primary.address, username: "vigil-agent", password: wrong, logger: capturingLogger(lines) });
    assert.deepEqual(await agent.sample(), { custom: { service_up: 0 } });
    const outcome = outcomeOf(await new CommandExecutor({ integration: agent, logger: capturingLogger(lines) }).handle(command({ kind: "promote", epoch: 2 })));
    assert.equal(outcome.outcome, "failed");
    assert.ok(lines.some((line) => /WRONGPASS/.test(line)), lines.join("\n"));
    const everything = [...lines, outcome.detail].join("\n");
    assert.ok(!everything.includes(wrong) && !everything.includes(AGENT_PASSWORD), "no password in any log line or detail");
  });
});

const skipTls = !hasRedis ? skipRedis : hasOpenssl ? false : skipUnlessPresent("openssl not installed");

describe("redis over TLS with client certificates", { skip: skipTls }, () => {
  let certs: string;
  let primary: Server;
  let replica: Server;
  const pem = (name: string) => fs.readFileSync(path.join(certs, name), "utf8");

  before(async () => {
    certs = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-redis-tls-"));
    const openssl = (...args: string[]) => {
      const result = spawnSync("openssl", args, { cwd: certs, encoding: "utf8" });
      assert.equal(result.status, 0, `openssl ${args.join(" ")}: ${result.stderr}`);
    };
    fs.writeFileSync(path.join(certs, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=vigil-test-ca");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "server.ext");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=vigil-agent");
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "1");
    const tlsArgs = (replicaOf?: number) => [
      "--tls-cert-file",
      path.join(certs, "server.crt"),
      "--tls-key-file",
      path.join(certs, "server.key"),
      "--tls-ca-cert-file",
      path.join(certs, "ca.crt"),
      "--tls-replication",
      "yes",
      "--tls-auth-clients",
      "yes",
      "--requirepass",
      ADMIN_PASSWORD,
      "--masterauth",
      ADMIN_PASSWORD,
      ...(replicaOf ? ["--replicaof", "127.0.0.1", String(replicaOf)] : []),
    ];
    primary = await startRedis(() => tlsArgs(), true);
    replica = await startRedis(() => tlsArgs(primary.port), true);
  });

  after(() => {
    if (certs) fs.rmSync(certs, { recursive: true, force: true });
  });

  it("samples, promotes and follows over TLS, the peer connection too; without a client certificate it cannot connect", async () => {
    const tls = { ca: pem("ca.crt"), cert: pem("client.crt"), key: pem("client.key") };
    const membership: Membership = { group: "g-tls", members: [{ nodeId: "p", address: primary.address }, { nodeId: "r", address: replica.address }] };
    const agentP = integration({ address: primary.address, password: ADMIN_PASSWORD, tls, selfNodeId: "p" });
    const agentR = integration({ address: replica.address, password: ADMIN_PASSWORD, tls, selfNodeId: "r" });
    agentP.setMembership(membership);
    agentR.setMembership(membership);

    const top = replicationOf(await agentP.sample());
    assert.equal(top.role, "primary");
    assert.equal(top.address, primary.address, "under TLS the announce port is the --redis (TLS) port");
    await connect(primary, { password: ADMIN_PASSWORD, tls }).set("over-tls", "1");
    const primaryOffset = replicationOf(await agentP.sample()).offset;
    // Lag from the primary's offset history needs the peer connection (TLS, client certificate) to work.
    const synced = replicationOf(await sampleUntil(agentR, (s) => s.replication?.linkUp === true && s.replication.offset >= primaryOffset, "replica over tls-replication"));
    assert.equal(synced.followingAddress, primary.address);
    const level = replicationOf(await sampleUntil(agentR, (s) => s.replication?.lagMs === 0, "lag 0 measured against the primary over TLS"));
    assert.equal(level.linkUp, true);

    const promoted = outcomeOf(await new CommandExecutor({ integration: agentR }).handle(command({ kind: "promote", epoch: 3 })));
    assert.equal(promoted.outcome, "succeeded", promoted.detail);
    const followed = outcomeOf(await new CommandExecutor({ integration: agentP }).handle(command({ kind: "follow", epoch: 3, args: { target: "r" } })));
    assert.equal(followed.outcome, "succeeded", followed.detail);
    const demoted = replicationOf(await sampleUntil(agentP, (s) => s.replication?.linkUp === true, "old primary replicates from the new one over TLS"));
    assert.equal(demoted.followingAddress, replica.address);
    assert.equal(await connect(primary, { password: ADMIN_PASSWORD, tls }).get("over-tls"), "1");

    const lines: string[] = [];
    const noCertificate = integration({ address: primary.address, password: ADMIN_PASSWORD, tls: { ca: pem("ca.crt") }, logger: capturingLogger(lines) });
    assert.deepEqual(await noCertificate.sample(), { custom: { service_up: 0 } });
    assert.ok(lines.length > 0 && lines.every((line) => !line.includes(ADMIN_PASSWORD)), lines.join("\n"));
  });
});
