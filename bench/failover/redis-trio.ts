import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../../tests/support/vigil-server";
import { track, waitUntil } from "./processes";

/** Redis' own write safety: a primary with no replica attached (lag ≤ 10 s) refuses writes. */
export const SAFE_REDIS_ARGS = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];

export type RedisProcess = { port: number; kill: () => Promise<void> };
export type TrioNode = { name: string; redis: RedisProcess; stop: () => Promise<void> };

/** A redis-server on a free loopback port, persistence off; never the machine's shared 6379. */
async function startRedis(options: { replicaOf?: number; extraArgs: readonly string[] }): Promise<RedisProcess> {
  const port = await freePort();
  // Its own dir: a replica's full sync writes dump.rdb there, not into the repo.
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"];
  if (options.replicaOf) args.push("--replicaof", "127.0.0.1", String(options.replicaOf));
  args.push(...options.extraArgs);
  const child = spawn("redis-server", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`redis-server on ${port}`, () => withClient(port, async (c) => (await c.ping()) === "PONG"), 10_000);
  } catch (error) {
    await kill();
    throw error;
  }
  return { port, kill };
}
export type RedisTrio = { primary: TrioNode; replicas: [TrioNode, TrioNode]; nodes: TrioNode[]; stop: () => Promise<void> };

async function startNode(name: string, replicaOf?: number): Promise<TrioNode> {
  const redis = await startRedis({ replicaOf, extraArgs: SAFE_REDIS_ARGS });
  return { name, redis, stop: track(() => redis.kill()) };
}

/** A short-lived client that never retries: for one-off checks. */
export async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** One primary and two replicas on free loopback ports; resolves once both replicas are in sync and the primary takes writes. */
export async function startTrio(prefix: string): Promise<RedisTrio> {
  const primary = await startNode(`${prefix}-a`);
  const replicas: [TrioNode, TrioNode] = [await startNode(`${prefix}-b`, primary.redis.port), await startNode(`${prefix}-c`, primary.redis.port)];
  const nodes = [primary, ...replicas];
  const trio: RedisTrio = { primary, replicas, nodes, stop: async () => void (await Promise.all(nodes.map((node) => node.stop()))) };
  try {
    for (const replica of replicas) {
      await waitUntil(`${replica.name} in sync`, () => withClient(replica.redis.port, async (c) => (await c.info("replication")).includes("master_link_status:up")), 15_000);
    }
    await waitUntil(`${primary.name} accepts writes`, () => withClient(primary.redis.port, async (c) => (await c.set("bench:seed", "1")) === "OK"), 15_000);
  } catch (error) {
    await trio.stop();
    throw error;
  }
  return trio;
}
