import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import type { SwitchoverPreviewView, SwitchoverRun } from "../lib/protocol/api/replica-groups";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { startRedis, type RedisProcess } from "./support/redis-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/**
 * A planned switchover on a real redis-server trio with real agents: an ioredis client writes
 * all along and loses no acknowledged write; an abort leaves the old primary primary and
 * writable; a viewer cannot start one.
 */

type Group = { id: string; primaryId: string | null; epoch: number };

let server: VigilProcess;
const redis = new Map<string, RedisProcess>();
const agents = new Map<string, AgentProcess>();
const NODES = ["sw-a", "sw-b", "sw-c"];
const PATH = "/api/v1/replica-groups/sw/switchover";

function agentArgs(nodeId: string, role: string): string[] {
  return ["--redis", `127.0.0.1:${redis.get(nodeId)?.port}`, "--group", "sw", "--role", role, "--zone", `zone-${nodeId.slice(-1)}`];
}

async function group(): Promise<Group | undefined> {
  const { body } = await api<{ items: Group[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === "sw");
}

async function preview(): Promise<SwitchoverPreviewView> {
  const { status, body } = await api<SwitchoverPreviewView>(server, PATH);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function finished(id: string): Promise<SwitchoverRun> {
  return waitFor(`switchover ${id} finished`, async () => {
    const latest = (await preview()).latest;
    return latest && latest.id === id && latest.state !== "running" && latest.state !== "planned" ? latest : null;
  }, 60_000, 100).catch(async (error) => {
    throw new Error(`${(error as Error).message}\n${JSON.stringify((await preview()).latest)}\n${server.output().slice(-2000)}`);
  });
}

/** A new connection each time: the demotion of a primary cuts off its clients (so apps reconnect), these too. */
function client(nodeId: string): Redis {
  const found = redis.get(nodeId)?.client();
  assert.ok(found, `a client of ${nodeId}`);
  return found;
}

async function once<T>(nodeId: string, use: (connection: Redis) => Promise<T>): Promise<T> {
  const connection = client(nodeId);
  try {
    return await use(connection);
  } finally {
    connection.disconnect();
  }
}

async function role(nodeId: string): Promise<string> {
  const reply = (await once(nodeId, (connection) => connection.call("ROLE"))) as unknown[];
  return String(reply[0]);
}

/**
 * Ready for a switchover: the preflight satisfied (addresses known) and every replica eligible, not
 * just the best one: a test that names its target must not race that target's first linked heartbeat.
 */
async function ready(primary: string): Promise<void> {
  await waitFor(`group sw ready with ${primary} primary`, async () => {
    const g = await group();
    if (g?.primaryId !== primary) return false;
    const view = await preview();
    const replicas = view.candidates.filter((candidate) => candidate.nodeId !== primary);
    return view.problems.length === 0 && replicas.length === NODES.length - 1 && replicas.every((candidate) => candidate.eligible);
  }, 45_000, 250).catch(async (error) => {
    throw new Error(`${(error as Error).message}\n${JSON.stringify(await preview())}\n--- ${primary}\n${agents.get(primary)?.output().slice(-1500)}`);
  });
}

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000" } });
  const primary = await startRedis();
  redis.set("sw-a", primary);
  redis.set("sw-b", await startRedis({ replicaOf: primary.port }));
  redis.set("sw-c", await startRedis({ replicaOf: primary.port }));
  for (const [i, nodeId] of NODES.entries()) agents.set(nodeId, startAgent(server.url, nodeId, server.dataDir, agentArgs(nodeId, i === 0 ? "primary" : "replica")));
  await ready("sw-a");
});

after(async () => {
  for (const agent of agents.values()) await stopAgent(agent, "SIGKILL");
  for (const r of redis.values()) await r.kill();
  await server.stop();
  server.cleanup();
});

test("a viewer may preview a switchover but not start one (403)", async () => {
  const created = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "switchover viewer", role: "viewer" }) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const token = created.body.token;
  assert.equal((await api(server, PATH, { token })).status, 200);
  const refused = await api(server, PATH, { method: "POST", token, body: JSON.stringify({ reason: "viewer tries" }) });
  assert.equal(refused.status, 403);
  assert.equal((await api(server, "/api/v1/nodes/sw-a/drain-primaries", { method: "POST", token, body: "{}" })).status, 403);
});

test("a switchover under continuous writes: no acknowledged write lost, the old primary follows the target, the group's primary is the target", async () => {
  const acknowledged: string[] = [];
  let current = "sw-a";
  let connection = client(current);
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const key = `w:${i}`;
      try {
        const reply = await connection.set(key, String(i));
        if (reply === "OK") acknowledged.push(key);
      } catch {
        // READONLY or a connection cut by the demotion: find the primary and go on (this write was not acknowledged).
        connection.disconnect();
        for (const nodeId of NODES) if ((await role(nodeId).catch(() => "")) === "master") current = nodeId;
        connection = client(current);
      }
    }
    connection.disconnect();
  })();
  let before: Group | undefined;
  let run: SwitchoverRun;
  // The writer must stop on every path: left running after a failed assertion it reconnects forever once the servers are gone.
  try {
    await waitFor("writes flowing", async () => acknowledged.length > 200, 10_000, 20);
    before = await group();
    const requested = await api<{ id: string; state: string; targetId: string; epoch: number }>(server, PATH, { method: "POST", body: JSON.stringify({ target: "sw-b", reason: "test switchover" }) });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    assert.equal(requested.body.state, "running");
    run = await finished(requested.body.id);
    await waitFor("writes flowing on the new primary", async () => current === "sw-b" && acknowledged.length > 0 && acknowledged.at(-1) !== undefined, 20_000, 50);
    const countAtEnd = acknowledged.length;
    await waitFor("more writes on the new primary", async () => acknowledged.length > countAtEnd + 100, 20_000, 20);
  } finally {
    writing = false;
    await writer;
  }

  assert.equal(run.state, "succeeded", `${run.outcome}`);
  assert.deepEqual(run.timeline.filter((step) => !step.ok), [], "every step succeeded");
  for (const step of ["preflight", "fence", "pause-writes", "catch-up", "promote", "demote", "repoint", "unpause"]) assert.ok(run.timeline.some((entry) => entry.step === step), `step ${step} ran`);
  console.log(`ℹ switchover: writes paused ${run.writePauseMs} ms; ${run.outcome}`);

  // Every acknowledged key is on the new primary.
  const missing: string[] = [];
  await once("sw-b", async (target) => {
    for (let start = 0; start < acknowledged.length; start += 500) {
      const keys = acknowledged.slice(start, start + 500);
      const values = await target.mget(...keys);
      keys.forEach((key, index) => {
        if (values[index] === null) missing.push(key);
      });
    }
  });
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} of ${acknowledged.length} acknowledged writes missing on the new primary`);

  assert.equal(await role("sw-b"), "master");
  await waitFor("sw-a replicates from sw-b", async () => {
    const info = await once("sw-a", (connection) => connection.info("replication"));
    return info.includes("role:slave") && info.includes(`master_port:${redis.get("sw-b")?.port}`) && info.includes("master_link_status:up");
  }, 20_000, 100);
  await waitFor("sw-c replicates from sw-b", async () => {
    const info = await once("sw-c", (connection) => connection.info("replication"));
    return info.includes(`master_port:${redis.get("sw-b")?.port}`) && info.includes("master_link_status:up");
  }, 20_000, 100);
  const after = await waitFor("Vigil recognises sw-b as primary", async () => {
    const g = await group();
    return g?.primaryId === "sw-b" ? g : null;
  }, 20_000, 100);
  assert.ok(after.epoch > (before?.epoch ?? 0), `the epoch advanced (${before?.epoch} → ${after.epoch})`);
  const audit = await api<{ items: { action: string; outcome: string; detail: string | null }[] }>(server, "/api/v1/audit?limit=100");
  const done = audit.body.items.find((entry) => entry.action === "action.switchover" && entry.outcome === "succeeded");
  assert.match(done?.detail ?? "", /timeline: preflight/, "the audit row carries the timeline");
});

test("an abort (the target's agent never answers the catch-up): the old primary stays primary and takes writes at once", async () => {
  await ready("sw-b");
  const frozen = agents.get("sw-c") as AgentProcess;
  // Frozen, not gone: its connection stays up, so the preflight passes and the catch-up goes unanswered.
  frozen.process.kill("SIGSTOP");
  try {
    const requested = await api<{ id: string; state: string }>(server, PATH, { method: "POST", body: JSON.stringify({ target: "sw-c", deadlineMs: 2_000, reason: "abort test" }) });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    const run = await finished(requested.body.id);
    assert.equal(run.state, "failed", `${run.outcome}`);
    assert.ok(run.timeline.some((step) => step.step === "abort-unpause" && step.ok), `the primary was unpaused: ${run.outcome}`);
    assert.ok(!run.timeline.some((step) => step.step === "promote"), "nothing was promoted");
  } finally {
    frozen.process.kill("SIGCONT");
  }
  assert.equal(await role("sw-b"), "master");
  // A short command timeout: a primary still paused would hold the write.
  const probe = new Redis({ port: redis.get("sw-b")?.port, host: "127.0.0.1", commandTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  try {
    assert.equal(await probe.set("after-abort", "yes"), "OK");
  } finally {
    probe.disconnect();
  }
  assert.equal((await group())?.primaryId, "sw-b");
  assert.match(await once("sw-c", (connection) => connection.info("replication")), new RegExp(`master_port:${redis.get("sw-b")?.port}`));
});
