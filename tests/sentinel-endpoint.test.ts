import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { startAgent, stopAgent, type AgentProcess } from "./support/agent-process";
import { startRedis, type RedisProcess } from "./support/redis-process";
import { api, freePort, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/**
 * Vigil's Sentinel-compatible endpoint with real clients: redis-cli and an ioredis client in
 * Sentinel mode, over a real redis-server trio watched by real agents started as docs/agent.md
 * shows (no peer lists: each reports its data store's address), through a crash failover and a
 * planned switchover.
 */

type Group = { id: string; primaryId: string | null; healthyCount: number; members: { nodeId: string; linkUp: boolean | null }[] };

const PASSWORD = "sentinel-password-1";
const NODES = ["kv-a", "kv-b", "kv-c"];
/** Writes only with a replica attached: the killed primary's last writes are on a replica. */
const SAFE_REDIS = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];

let server: VigilProcess;
let sentinelPort: number;
const redis = new Map<string, RedisProcess>();
const agents = new Map<string, AgentProcess>();
const clients: Redis[] = [];

const cli = promisify(execFile);
const redisCli = async (...args: string[]) => (await cli("redis-cli", ["-p", String(sentinelPort), ...args])).stdout;

function agentArgs(nodeId: string, role: string): string[] {
  return ["--redis", `127.0.0.1:${redis.get(nodeId)?.port}`, "--group", "kv", "--role", role, "--zone", `zone-${nodeId.slice(-1)}`];
}

async function group(): Promise<Group | undefined> {
  const { body } = await api<{ items: Group[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === "kv");
}

/** How an application connects: the sentinel list, the master name, the sentinel password. */
function sentinelModeClient(): Redis {
  const client = new Redis({
    sentinels: [{ host: "127.0.0.1", port: sentinelPort }],
    name: "kv",
    sentinelPassword: PASSWORD,
    // ioredis' default: the demoted primary disconnects its clients (a dead one is gone anyway), and
    // the client asks the endpoint again. (Its failoverDetector can leave a client closed for good
    // when +switch-master arrives mid-reconnect, with real Sentinel too; +switch-master itself is
    // checked by a subscriber below.)
    failoverDetector: false,
    retryStrategy: () => 50,
  });
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}

before(async () => {
  sentinelPort = await freePort();
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "1000", VIGIL_SENTINEL_PORT: String(sentinelPort), VIGIL_SENTINEL_PASSWORD: PASSWORD } });
  const primary = await startRedis({ extraArgs: SAFE_REDIS });
  redis.set("kv-a", primary);
  redis.set("kv-b", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  redis.set("kv-c", await startRedis({ replicaOf: primary.port, extraArgs: SAFE_REDIS }));
  for (const [i, nodeId] of NODES.entries()) agents.set(nodeId, startAgent(server.url, nodeId, server.dataDir, agentArgs(nodeId, i === 0 ? "primary" : "replica")));
  await waitFor("group healthy, both replicas linked, kv-a primary", async () => {
    const g = await group();
    return g?.primaryId === "kv-a" && g.healthyCount === 3 && g.members.filter((m) => m.nodeId !== "kv-a" && m.linkUp === true).length === 2;
  }, 30_000, 250).catch((error) => {
    throw new Error(`${(error as Error).message}\n${server.output().slice(-2000)}\n--- kv-a\n${agents.get("kv-a")?.output().slice(-2000)}`);
  });
});

after(async () => {
  for (const client of clients) client.disconnect();
  for (const agent of agents.values()) await stopAgent(agent, "SIGKILL");
  for (const r of redis.values()) await r.kill();
  await server?.stop();
  server?.cleanup();
});

test("redis-cli: SENTINEL get-master-addr-by-name answers the primary's address; without the password, NOAUTH", async () => {
  assert.match(server.output(), new RegExp(`Sentinel-compatible endpoint on 127\\.0\\.0\\.1:${sentinelPort} \\(password required\\)`));
  assert.doesNotMatch(server.output(), new RegExp(PASSWORD), "the password is never logged");
  const primaryPort = redis.get("kv-a")?.port;
  await waitFor("the primary's address", async () => (await redisCli("-a", PASSWORD, "--no-auth-warning", "SENTINEL", "get-master-addr-by-name", "kv")) === `127.0.0.1\n${primaryPort}\n`, 15_000, 250);
  assert.match(await redisCli("SENTINEL", "get-master-addr-by-name", "kv"), /^NOAUTH Authentication required\.\n/);
  assert.match(await redisCli("PING"), /^NOAUTH Authentication required\.\n/);
  assert.match(await redisCli("AUTH", "wrong"), /^WRONGPASS invalid username-password pair/);
  const replicas = await redisCli("-a", PASSWORD, "--no-auth-warning", "SENTINEL", "replicas", "kv");
  for (const id of ["kv-b", "kv-c"]) assert.match(replicas, new RegExp(`^127\\.0\\.0\\.1:${redis.get(id)?.port}$`, "m"), `${id} is listed as a replica`);
  assert.equal(await redisCli("-a", PASSWORD, "--no-auth-warning", "SENTINEL", "get-master-addr-by-name", "nope"), "\n", "an unknown group: a null array");
});

/** The application: one write after another through the Sentinel-mode client, each acknowledged key kept. */
function startWriting(client: Redis, prefix: string) {
  const acknowledged: string[] = [];
  let refused = 0;
  let writing = true;
  const done = (async () => {
    for (let i = 0; writing; i++) {
      const key = `${prefix}:${i}`;
      try {
        if ((await client.set(key, String(i))) === "OK") acknowledged.push(key);
      } catch {
        refused += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    acknowledged,
    refused: () => refused,
    stop: async () => {
      writing = false;
      await done;
    },
  };
}

/** Acknowledged keys whose value is not on `nodeId`. */
async function missingOn(nodeId: string, keys: readonly string[]): Promise<string[]> {
  const direct = redis.get(nodeId)?.client() as Redis;
  clients.push(direct);
  const missing: string[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const values = await direct.mget(...chunk);
    chunk.forEach((key, j) => {
      if (values[j] !== key.slice(key.indexOf(":") + 1)) missing.push(key);
    });
  }
  return missing;
}

async function watchSwitches(): Promise<string[]> {
  const switches: string[] = [];
  const watcher = new Redis({ port: sentinelPort, host: "127.0.0.1", password: PASSWORD });
  watcher.on("error", () => undefined);
  clients.push(watcher);
  watcher.on("message", (_channel: string, message: string) => switches.push(message));
  await watcher.subscribe("+switch-master");
  return switches;
}

async function connectedPort(client: Redis): Promise<string | null> {
  return client.config("GET", "port").then((r) => (r as string[])[1]).catch(() => null);
}

test("an ioredis client in Sentinel mode follows a planned switchover: no acknowledged write lost, +switch-master at the promotion", async () => {
  const from = "kv-a";
  const target = "kv-c";
  const client = sentinelModeClient();
  assert.equal(await connectedPort(client), String(redis.get(from)?.port), "connected to the primary Vigil named");
  const switches = await watchSwitches();
  const writes = startWriting(client, "s");
  try {
    await waitFor("writes flowing", async () => writes.acknowledged.length >= 50, 10_000, 50);
    const started = await api<{ id: string }>(server, "/api/v1/replica-groups/kv/switchover", { method: "POST", body: JSON.stringify({ target, reason: "planned maintenance" }) });
    assert.equal(started.status < 300, true, JSON.stringify(started.body));
    const beforeSwitch = writes.acknowledged.length;
    await waitFor("the client writes on the switchover's target", async () => {
      if (writes.acknowledged.length <= beforeSwitch + 20) return false;
      return (await connectedPort(client)) === String(redis.get(target)?.port);
    }, 30_000, 100).catch(async (error) => {
      const preview = await api(server, "/api/v1/replica-groups/kv/switchover");
      throw new Error(`${(error as Error).message} (refused ${writes.refused()}; switches ${JSON.stringify(switches)})\n${JSON.stringify(preview.body).slice(0, 3000)}\n${server.output().slice(-2000)}`);
    });
  } finally {
    await writes.stop();
    client.disconnect();
  }
  assert.equal((await group())?.primaryId, target);
  assert.deepEqual(switches, [`kv 127.0.0.1 ${redis.get(from)?.port} 127.0.0.1 ${redis.get(target)?.port}`], "published once, old address to new");
  assert.deepEqual(await missingOn(target, writes.acknowledged), [], `every acknowledged write (${writes.acknowledged.length}) is on ${target}`);
  console.log(`ℹ switchover: ${writes.acknowledged.length} writes acknowledged, ${writes.refused()} refused, none lost`);
});

test("the same client keeps writing through a crash failover of the primary and ends on the new primary with no manual step", async () => {
  const crashed = "kv-c";
  await waitFor("both replicas linked to kv-c", async () => {
    const g = await group();
    return g?.primaryId === crashed && g.members.filter((m) => m.nodeId !== crashed && m.linkUp === true).length === 2;
  }, 30_000, 250);
  const client = sentinelModeClient();
  await waitFor("the client on the current primary", async () => (await connectedPort(client)) === String(redis.get(crashed)?.port), 15_000, 100);
  const switches = await watchSwitches();
  const writes = startWriting(client, "w");
  const { acknowledged } = writes;
  let beforeCrash = 0;
  let promoted = "";
  try {
    await waitFor("writes flowing", async () => acknowledged.length >= 50, 10_000, 50);
    await stopAgent(agents.get(crashed) as AgentProcess, "SIGKILL");
    await redis.get(crashed)?.kill();
    beforeCrash = acknowledged.length;
    promoted = await waitFor("a new primary", async () => {
      const g = await group();
      return g?.primaryId && g.primaryId !== crashed ? g.primaryId : null;
    }, 60_000, 250).catch((error) => {
      throw new Error(`${(error as Error).message}\n${server.output().slice(-3000)}`);
    });
    const newPort = String(redis.get(promoted)?.port);
    await waitFor("the Sentinel client writes again, on the new primary", async () => {
      if (acknowledged.length <= beforeCrash + 20) return false;
      return (await connectedPort(client)) === newPort;
    }, 60_000, 250).catch((error) => {
      throw new Error(`${(error as Error).message} (acknowledged ${acknowledged.length}, ${beforeCrash} before the crash, refused ${writes.refused()}; switches ${JSON.stringify(switches)})\n${server.output().slice(-2000)}`);
    });
  } finally {
    await writes.stop();
    client.disconnect();
  }
  const newPort = redis.get(promoted)?.port;
  assert.equal(await redisCli("-a", PASSWORD, "--no-auth-warning", "SENTINEL", "get-master-addr-by-name", "kv"), `127.0.0.1\n${newPort}\n`);
  await waitFor("+switch-master published", async () => switches.length > 0, 10_000, 100);
  assert.deepEqual(switches, [`kv 127.0.0.1 ${redis.get(crashed)?.port} 127.0.0.1 ${newPort}`], "published once, old address to new");
  assert.deepEqual(await missingOn(promoted, acknowledged), [], `every acknowledged write (${acknowledged.length}) is on the new primary ${promoted}`);
  console.log(`ℹ ${acknowledged.length} writes acknowledged (${beforeCrash} before the crash), ${writes.refused()} refused during the failover, none lost`);
});
