import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./vigil-server";

export type RedisProcess = { port: number; process: ChildProcess; client: () => Redis; kill: () => Promise<void>; restart: () => Promise<RedisProcess> };

/** A real redis-server on a loopback port, persistence off; never the machine's shared 6379. */
export async function startRedis(options: { port?: number; replicaOf?: number; extraArgs?: string[] } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  // Replicas write the RDB of a full sync into their working directory: one of its own, out of the repo.
  const dir = mkdtempSync(join(tmpdir(), "vigil-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  if (options.replicaOf) args.push("--replicaof", "127.0.0.1", String(options.replicaOf));
  args.push(...(options.extraArgs ?? []));
  const child = spawn("redis-server", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const clients: Redis[] = [];
  return {
    port,
    process: child,
    client() {
      const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => null });
      // Tests kill their redis-servers on purpose; a refused connection shows up as the command's own error.
      client.on("error", () => undefined);
      clients.push(client);
      return client;
    },
    async kill() {
      for (const client of clients) client.disconnect();
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
    // Same port, a fresh data directory and no persistence: it comes back EMPTY (and as a master).
    restart: () => startRedis({ port, extraArgs: options.extraArgs }),
  };
}
