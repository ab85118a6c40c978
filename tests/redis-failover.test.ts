import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { startRedis, type RedisProcess } from "./support/redis-process";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

type Group = { id: string; primaryId: string | null; epoch: number; members: { nodeId: string; reportedRole: string | null }[] };

let server: VigilProcess;
const redis = new Map<string, RedisProcess>();
const agents = new Map<string, AgentProcess>();
const NODES = ["kv-a", "kv-b", "kv-c"];
/** Vigil's recognised primary over time. */
const recognised: (string | null)[] = [];
/**
 * A primary accepts writes only with a replica attached (Redis' own min-replicas-to-write): a
 * restarted old primary, alone until Vigil re-points it, refuses writes instead of diverging.
 */
const SAFE_REDIS = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];
let watcher: NodeJS.Timeout | undefined;

function agentArgs(nodeId: string, role: string): string[] {
  const peers = NODES.flatMap((id) => ["--peer", `${id}=127.0.0.1:${redis.get(id)?.port}`]);
  return ["--redis", `127.0.0.1:${redis.get(nodeId)?.port}`, "--group", "kv", "--role", role, "--zone", `zone-${nodeId.slice(-1)}`, ...peers];
}

async function group(): Promise<Group | undefined> {
  const { body } = await api<{ items: Group[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === "kv");
}

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000" } });
  const primary = await startRedis({ extraArgs: SAFE_REDIS });
  redis.set("kv-a", primary);
  redis.set("kv-b", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  redis.set("kv-c", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  for (const [i, nodeId] of NODES.entries()) agents.set(nodeId, startAgent(server.url, nodeId, server.dataDir, agentArgs(nodeId, i === 0 ? "primary" : "replica")));
  // kv-c gets more of the primary's data than kv-b: pause kv-b's replication briefly while writing.
  const writer = primary.client();
  await waitFor("group healthy with kv-a primary", async () => {
    const g = await group();
    return g?.primaryId === "kv-a" && g.members.length === 3 && (g as unknown as { healthyCount: number }).healthyCount === 3;
  }, 30_000, 250).catch((error) => {
    throw new Error(`${(error as Error).message}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}`);
  });
  // min-replicas-to-write: the primary takes writes once its replicas have synced.
  await waitFor("replicas synced", async () => ((await writer.info("replication")).match(/state=online/g) ?? []).length === 2, 30_000, 100);
  for (let i = 0; i < 200; i++) await writer.set(`key:${i}`, String(i));
  // Vigil only promotes a replica it has seen linked to the primary: wait until it has.
  await waitFor("Vigil sees both replicas linked", async () => {
    const g = await group();
    return g?.members.filter((m) => m.nodeId !== "kv-a" && (m as unknown as { linkUp: boolean | null }).linkUp === true).length === 2;
  }, 30_000, 250);
  watcher = setInterval(async () => {
    const g = await group().catch(() => undefined);
    if (g) recognised.push(g.primaryId);
  }, 250);
});

after(async () => {
  if (watcher) clearInterval(watcher);
  for (const agent of agents.values()) await stopAgent(agent, "SIGKILL");
  for (const r of redis.values()) await r.kill();
  await server.stop();
  server.cleanup();
});

test("SIGKILL of the primary host: Vigil promotes a replica, re-points the other, writes succeed on the new primary", async () => {
  const started = Date.now();
  await stopAgent(agents.get("kv-a") as AgentProcess, "SIGKILL");
  await redis.get("kv-a")?.kill();
  const promoted = await waitFor("a new primary", async () => {
    const g = await group();
    return g && g.primaryId && g.primaryId !== "kv-a" ? g : null;
  }, 60_000, 250).catch(async (error) => {
    const status = await api(server, "/api/v1/recovery/status");
    const actions = await api(server, "/api/v1/actions");
    throw new Error(`${(error as Error).message}\n${JSON.stringify(await group())}\n${JSON.stringify(status.body).slice(0, 3000)}\n${JSON.stringify(actions.body).slice(0, 2000)}\n${server.output().slice(-2000)}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}\n--- kv-b\n${agents.get("kv-b")?.output().slice(-1500)}`);
  });
  const newPrimary = promoted.primaryId as string;
  const other = newPrimary === "kv-b" ? "kv-c" : "kv-b";
  const client = redis.get(newPrimary)?.client();
  assert.ok(client);
  await waitFor("writes accepted on the new primary", async () => (await client.set("after-failover", "yes").catch(() => null)) === "OK", 20_000, 250);
  assert.equal(await client.get("key:199"), "199", "data written before the failover is there");
  const otherInfo = redis.get(other)?.client();
  await waitFor(`${other} replicates from ${newPrimary}`, async () => {
    const info = (await otherInfo?.info("replication")) ?? "";
    return info.includes(`master_port:${redis.get(newPrimary)?.port}`) && info.includes("master_link_status:up");
  }, 30_000, 250);
  console.log(`ℹ failover to ${newPrimary} took ${((Date.now() - started) / 1000).toFixed(1)} s from SIGKILL`);
});

test("the old primary comes back as a replica and never takes writes; Vigil never recognises it as primary again", async () => {
  const newPrimary = (await group())?.primaryId as string;
  const failedOverAt = recognised.lastIndexOf("kv-a");
  redis.set("kv-a", await (redis.get("kv-a") as RedisProcess).restart());
  const old = redis.get("kv-a")?.client() as NonNullable<ReturnType<RedisProcess["client"]>>;
  const writesAccepted: string[] = [];
  const prober = setInterval(() => {
    old.set("split-brain-probe", String(Date.now())).then((ok) => writesAccepted.push(ok), () => undefined);
  }, 100);
  try {
    agents.set("kv-a", startAgent(server.url, "kv-a", server.dataDir, agentArgs("kv-a", "primary")));
    await waitFor("kv-a follows the new primary", async () => {
      const text = (await old.info("replication")) ?? "";
      return text.includes("role:slave") && text.includes(`master_port:${redis.get(newPrimary)?.port}`) && text.includes("master_link_status:up");
    }, 60_000, 250);
  } finally {
    clearInterval(prober);
  }
  assert.deepEqual(writesAccepted, [], "the returning old primary accepted no write");
  const afterFailover = recognised.slice(failedOverAt + 1).filter((id) => id !== newPrimary);
  assert.deepEqual(afterFailover, [], `Vigil kept ${newPrimary} as the primary`);
  const actions = await api<{ items: { kind: string; target: string; state: string; epoch: number }[] }>(server, "/api/v1/actions");
  const fence = actions.body.items.find((a) => a.kind === "follow" && a.target === "kv-a");
  assert.equal(fence?.state, "succeeded", "the old primary was told to follow, fenced by the new epoch");
});
