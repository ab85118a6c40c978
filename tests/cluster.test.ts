import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import type { ClusterView } from "../lib/protocol/api/cluster";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { launchChromium, logIn, screenshotter, waitUntil, watchForReload } from "./support/browser";
import { startNginx, type NginxProcess } from "./support/nginx-process";
import { connectRawAgent } from "./support/raw-agent";
import { startRedis, type RedisProcess } from "./support/redis-process";
import { startSimulator, type SimulatorProcess } from "./support/simulator-process";
import { AGENT_TOKEN, api, startVigil, throwawayPostgresSchema, waitFor, type ThrowawaySchema, type VigilProcess } from "./support/vigil-server";

/**
 * Two Vigil instances on the machine's PostgreSQL and Redis, behind Debian's nginx running the
 * shipped config: agents spread over both, a browser on one sees what happens through the other,
 * and SIGKILL of the leader in the middle of a Redis failover hands over without repeating an action.
 */
const LEASE_TTL_MS = 10_000;
const REDIS_URL = process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const SAFE_REDIS = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];
const KV = ["kv-a", "kv-b", "kv-c"];

let database: ThrowawaySchema;
const instances = new Map<string, VigilProcess>();
let nginx: NginxProcess;
let simulator: SimulatorProcess | undefined;
let browser: Browser | undefined;
const redis = new Map<string, RedisProcess>();
const agents = new Map<string, AgentProcess>();

const startInstance = (id: string) =>
  startVigil({ database, env: { REDIS_URL, VIGIL_INSTANCE_ID: id, VIGIL_LEASE_TTL_MS: String(LEASE_TTL_MS), VIGIL_STARTUP_GRACE_MS: "2000" } });

async function cluster(server: { url: string }): Promise<ClusterView> {
  const { status, body } = await api<ClusterView>(server, "/api/v1/cluster");
  assert.equal(status, 200);
  return body;
}

const other = (id: string) => (id === "vigil-a" ? "vigil-b" : "vigil-a");

before(async () => {
  database = throwawayPostgresSchema("vigil_cluster");
  // One after the other: the first applies the migrations, the second finds them applied.
  instances.set("vigil-a", await startInstance("vigil-a"));
  instances.set("vigil-b", await startInstance("vigil-b"));
  nginx = await startNginx([...instances.values()].map((server) => server.port));
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
  for (const agent of agents.values()) await stopAgent(agent, "SIGKILL");
  for (const r of redis.values()) await r.kill();
  await nginx?.stop();
  for (const server of instances.values()) await server.stop();
  for (const server of instances.values()) server.cleanup();
  database?.drop();
});

test("every instance answers GET /api/v1/cluster alike: both alive, one leader", async () => {
  const views = await waitFor("both instances registered with one leader", async () => {
    const seen = await Promise.all([...instances.values()].map(cluster));
    const ok = seen.every((view) => view.leader !== null && view.instances.filter((i) => i.alive).length === 2);
    return ok ? seen : null;
  }, 20_000, 250);
  assert.deepEqual(views.map((view) => view.self).sort(), ["vigil-a", "vigil-b"]);
  assert.equal(views[0].leader?.id, views[1].leader?.id);
  for (const view of views) {
    for (const instance of view.instances) {
      assert.equal(typeof instance.connectedAgents, "number");
      assert.ok(instance.startedAt > 0 && instance.lastSeenAt >= instance.startedAt);
    }
  }
  const metrics = await fetch(`${instances.get("vigil-b")?.url}/metrics`);
  assert.equal(metrics.status, 200, "each instance serves its own /metrics");
});

test("agents connected through nginx spread over both instances, and each instance sees the whole fleet", async () => {
  simulator = await startSimulator(nginx.url, 12);
  const spread = await waitFor("agents on both instances", async () => {
    const view = await cluster(nginx);
    const counts = view.instances.map((i) => i.connectedAgents);
    return counts.length === 2 && counts.every((n) => n > 0) && counts.reduce((a, b) => a + b, 0) === 12 ? view : null;
  }, 30_000, 500);
  for (const server of instances.values()) {
    await waitFor(`all 12 nodes healthy as ${server.url} answers`, async () => {
      const { body } = await api<{ items: { id: string; state: string }[] }>(server, "/api/v1/nodes?limit=100");
      return body.items.filter((n) => n.id.startsWith("sim-") && n.state === "healthy").length === 12;
    }, 30_000, 500);
  }
  const split = spread.instances.map((i) => `${i.id}: ${i.connectedAgents}`).join(", ");
  console.log(`ℹ agents per instance: ${split}`);
});

test("an operator's action on the leader reaches an agent connected to the other instance; a browser on the leader sees that node go down without reloading", async () => {
  const leaderId = (await cluster(nginx)).leader?.id as string;
  const leader = instances.get(leaderId) as VigilProcess;
  const follower = instances.get(other(leaderId)) as VigilProcess;
  const agent = await connectRawAgent(follower.url, "cross-1", { zone: "zone-x" }, 500);
  const received: string[] = [];
  agent.onCommand((command) => {
    received.push(command.id);
    return { id: command.id, outcome: "succeeded", detail: `ran ${command.args.hook ?? command.kind} on the follower's agent` };
  });
  agent.beat(() => undefined);
  await waitFor(`cross-1 healthy as ${leaderId} sees it`, async () => {
    const { body } = await api<{ items: { id: string; state: string }[] }>(leader, "/api/v1/nodes?limit=100");
    return body.items.some((n) => n.id === "cross-1" && n.state === "healthy");
  }, 20_000, 250);

  // Recovery runs on the leader only; the command crosses to the follower through the Redis adapter.
  const requested = await api<{ id: string }>(leader, "/api/v1/actions", {
    method: "POST",
    body: JSON.stringify({ kind: "run-hook", target: "cross-1", args: { hook: "rotate-logs" }, reason: "cluster test" }),
  });
  assert.equal(requested.status, 202);
  const done = await waitFor("the action succeeded", async () => {
    const { body } = await api<{ items: { id: string; state: string; outcome: string | null }[] }>(follower, "/api/v1/actions");
    return body.items.find((a) => a.id === requested.body.id && a.state === "succeeded") ?? null;
  }, 20_000, 250);
  assert.match(done.outcome ?? "", /on the follower's agent/);
  assert.deepEqual(received, [requested.body.id], "delivered once");

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const shot = screenshotter(() => page);
  await logIn(page, leader.url, "/nodes");
  const row = page.locator('[role="row"]', { hasText: "cross-1" });
  await waitUntil(async () => (await row.count()) > 0 && /healthy/i.test(await row.first().innerText()), 20_000, `cross-1 shown healthy on ${leaderId}`, shot);
  const reload = await watchForReload(page);
  agent.stop();
  await waitUntil(async () => /down/i.test(await row.first().innerText()), 20_000, `cross-1 shown down on ${leaderId}`, shot);
  await shot("cluster-01-cross-instance-down");
  assert.equal(await reload.wasReloaded(), false);
  await page.goto(`${leader.url}/cluster`);
  await waitUntil(async () => (await page.locator("[data-instance]").count()) === 2, 10_000, "two instances on the cluster page", shot);
  await shot("cluster-02-page");
});

test("an impostor for an enrolled node is refused on either instance; the real agent keeps beating and alone gets its commands", async (t) => {
  const leaderId = (await cluster(nginx)).leader?.id as string;
  const leader = instances.get(leaderId) as VigilProcess;
  const follower = instances.get(other(leaderId)) as VigilProcess;
  const real = await connectRawAgent(follower.url, "ident-1", { zone: "zone-x" }, 500, { protocol: 2 });
  t.after(() => real.stop());
  assert.match(real.credential ?? "", /^vnc_/, "the first connection enrolled the node");
  const received: string[] = [];
  real.onCommand((command) => {
    received.push(command.id);
    return { id: command.id, outcome: "succeeded", detail: "ran by the real agent" };
  });
  real.beat(() => undefined);
  const healthy = async () => (await api<{ node: { state: string; connected: boolean; lastHeartbeatAt: number | null } }>(leader, "/api/v1/nodes/ident-1")).body.node;
  await waitFor("ident-1 healthy as the leader sees it", async () => (await healthy())?.state === "healthy", 20_000, 250);

  const otherToken = (await api<{ token: string }>(leader, "/api/v1/agent-tokens", { method: "POST", body: JSON.stringify({ name: "other-fleet" }) })).body.token;
  const impostors = [
    { url: leader.url, auth: { token: AGENT_TOKEN, protocol: 2 }, code: "node_enrolled" },
    { url: nginx.url, auth: { token: otherToken, protocol: 2 }, code: "node_enrolled" },
    { url: follower.url, auth: { token: otherToken, protocol: 1 }, code: "node_enrolled" },
    { url: leader.url, auth: { credential: "vnc_guessed", protocol: 2 }, code: "unauthorized" },
  ];
  for (const impostor of impostors) {
    const refusal = await connectRawAgent(impostor.url, "ident-1", {}, 500, impostor.auth).then(
      (agent) => {
        agent.stop();
        return "connected";
      },
      (error: Error & { data?: { code: string } }) => error.data?.code ?? error.message,
    );
    assert.equal(refusal, impostor.code, `impostor through ${impostor.url} with ${JSON.stringify(Object.keys(impostor.auth))}`);
  }

  const before = (await healthy()).lastHeartbeatAt ?? 0;
  await waitFor("heartbeats after the impostors", async () => ((await healthy()).lastHeartbeatAt ?? 0) > before, 10_000, 250);
  assert.equal(real.socket.connected, true, "the real agent was never displaced");
  const requested = await api<{ id: string }>(leader, "/api/v1/actions", {
    method: "POST",
    body: JSON.stringify({ kind: "run-hook", target: "ident-1", args: { hook: "rotate-logs" }, reason: "impostor test" }),
  });
  assert.equal(requested.status, 202);
  const done = await waitFor("the action succeeded", async () => {
    const { body } = await api<{ items: { id: string; state: string; outcome: string | null }[] }>(leader, "/api/v1/actions");
    return body.items.find((a) => a.id === requested.body.id && a.state === "succeeded") ?? null;
  }, 20_000, 250);
  assert.match(done.outcome ?? "", /ran by the real agent/);
  assert.deepEqual(received, [requested.body.id]);
  real.stop();
});

test("SIGKILL of the leader in the middle of a Redis failover: the other takes the lease within the TTL and finishes it, nothing runs twice", async () => {
  const primary = await startRedis({ extraArgs: SAFE_REDIS });
  redis.set("kv-a", primary);
  redis.set("kv-b", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  redis.set("kv-c", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  const spool = instances.get("vigil-a")?.dataDir as string;
  const agentArgs = (nodeId: string, role: string) => [
    "--redis", `127.0.0.1:${redis.get(nodeId)?.port}`, "--group", "kv", "--role", role, "--zone", `zone-${nodeId.slice(-1)}`,
    ...KV.flatMap((id) => ["--peer", `${id}=127.0.0.1:${redis.get(id)?.port}`]),
  ];
  for (const [i, nodeId] of KV.entries()) agents.set(nodeId, startAgent(nginx.url, nodeId, spool, agentArgs(nodeId, i === 0 ? "primary" : "replica")));
  type Group = { id: string; primaryId: string | null; healthyCount: number; members: { nodeId: string; linkUp: boolean | null }[] };
  const group = async () => (await api<{ items: Group[] }>(nginx, "/api/v1/replica-groups")).body.items.find((g) => g.id === "kv");
  await waitFor("kv healthy, both replicas seen linked", async () => {
    const g = await group();
    return g?.primaryId === "kv-a" && g.healthyCount === 3 && g.members.filter((m) => m.nodeId !== "kv-a" && m.linkUp === true).length === 2;
  }, 40_000, 250);
  const writer = primary.client();
  await waitFor("replicas synced", async () => ((await writer.info("replication")).match(/state=online/g) ?? []).length === 2, 30_000, 100);
  await writer.set("before", "1");

  const leaderId = (await cluster(nginx)).leader?.id as string;
  const survivor = instances.get(other(leaderId)) as VigilProcess;
  const downsAtStart = await downVerdicts(survivor);
  await stopAgent(agents.get("kv-a") as AgentProcess, "SIGKILL");
  await primary.kill();
  type Action = { id: string; kind: string; target: string; state: string };
  const actions = async () => (await api<{ items: Action[] }>(survivor, "/api/v1/actions")).body.items;
  const promote = await waitFor("a promote planned by the leader", async () => (await actions()).find((a) => a.kind === "promote") ?? null, 30_000, 50);
  // The survivor judges kv-a down on its own, a bridge hop after the leader did: wait for that verdict.
  const downsBefore = await waitFor("the survivor's own verdict on kv-a", async () => {
    const downs = await downVerdicts(survivor);
    return downs > downsAtStart ? downs : null;
  }, 10_000, 50);
  const killedAt = Date.now();
  await instances.get(leaderId)?.kill();
  const takenOver = await waitFor("the survivor leads", async () => {
    const view = await cluster(survivor).catch(() => null);
    return view?.leader?.id === other(leaderId) ? view : null;
  }, LEASE_TTL_MS * 3, 100);
  const takeoverMs = Date.now() - killedAt;
  console.log(`ℹ ${other(leaderId)} took the lease ${(takeoverMs / 1000).toFixed(1)} s after SIGKILL of ${leaderId} (TTL ${LEASE_TTL_MS / 1000} s); promote ${promote.id} was ${promote.state}`);
  assert.ok(takenOver.leader && takenOver.leader.fence > 1, "a new fence");

  const done = await waitFor("the failover finished: a new primary takes writes and the other replica follows it", async () => {
    const g = await group().catch(() => undefined);
    if (!g?.primaryId || g.primaryId === "kv-a") return null;
    const client = redis.get(g.primaryId)?.client();
    const ok = await client?.set("after", "1").catch(() => null);
    const follower = g.primaryId === "kv-b" ? "kv-c" : "kv-b";
    const info = (await redis.get(follower)?.client().info("replication").catch(() => "")) ?? "";
    return ok === "OK" && info.includes(`master_port:${redis.get(g.primaryId)?.port}`) && info.includes("master_link_status:up") ? g : null;
  }, 60_000, 250);
  assert.equal(await redis.get(done.primaryId as string)?.client().get("before"), "1");

  // Each agent logs every command it really executes (a repeated id is answered from its record).
  const executions = [...agents.values()].flatMap((agent) => [...agent.output().matchAll(/command (\S+) \((\w[\w-]*), epoch (\d+)\) (\w+)/g)].map((m) => ({ node: agent.nodeId, id: m[1], kind: m[2] })));
  const ids = executions.map((e) => e.id);
  assert.deepEqual(ids, [...new Set(ids)], `no action executed twice: ${JSON.stringify(executions)}`);
  assert.equal(new Set(executions.filter((e) => e.kind === "promote").map((e) => e.node)).size, 1, "one node was promoted");
  assert.ok(executions.some((e) => e.kind === "follow"), "the other replica was re-pointed after the takeover");
  const stored = await actions();
  assert.equal(stored.filter((a) => a.kind === "promote" && a.state === "succeeded").length, 1);
  // The simulated nodes whose agents were on the killed instance moved to the survivor in time.
  const events = (await api<{ items: { nodeId: string; to: string; at: number }[] }>(survivor, "/api/v1/events?limit=200")).body.items;
  const downsAfter = events.filter((e) => e.to === "down" && e.at >= killedAt).map((e) => e.nodeId);
  assert.equal(await downVerdicts(survivor), downsBefore, `no node was judged down by the survivor after the leader died (stored since: ${downsAfter.join(", ") || "none"})`);
});

/** How many down verdicts this instance's detector has reached (every instance judges the whole fleet). */
async function downVerdicts(server: { url: string }): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('vigil_node_state_changes_total{to="down"}'));
  return line ? Number(line.split(" ").pop()) : 0;
}
