import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../tests/support/vigil-server";
import { firstWrite, type WriteResult } from "./write-probe";
import { startTrio, withClient } from "./redis-trio";
import { sleep, track, waitUntil } from "./processes";

const MASTER = "kv";
const QUORUM = 2;
const SENTINELS = 3;

type Sentinel = { port: number; stop: () => Promise<void> };

/** Debian's redis-sentinel, or redis-server in sentinel mode when that binary is absent. */
function sentinelCommand(configFile: string): [string, string[]] {
  return existsSync("/usr/bin/redis-sentinel") ? ["/usr/bin/redis-sentinel", [configFile]] : ["redis-server", [configFile, "--sentinel"]];
}

async function startSentinel(dir: string, index: number, primaryPort: number, downAfterMs: number): Promise<Sentinel> {
  const port = await freePort();
  const configFile = join(dir, `sentinel-${index}.conf`);
  writeFileSync(
    configFile,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `dir ${dir}`,
      'logfile ""',
      `sentinel monitor ${MASTER} 127.0.0.1 ${primaryPort} ${QUORUM}`,
      `sentinel down-after-milliseconds ${MASTER} ${downAfterMs}`,
      `sentinel failover-timeout ${MASTER} 10000`,
      `sentinel parallel-syncs ${MASTER} 1`,
      "",
    ].join("\n"),
  );
  const [command, args] = sentinelCommand(configFile);
  const child = spawn(command, args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = track(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { port, stop };
}

/** SENTINEL MASTER's flat key/value reply as a map. */
async function masterState(port: number): Promise<Map<string, string>> {
  const reply = await withClient(port, (client) => client.call("SENTINEL", "MASTER", MASTER));
  const flat = Array.isArray(reply) ? reply.map(String) : [];
  const state = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) state.set(flat[i], flat[i + 1]);
  return state;
}

/**
 * One trial: a fresh trio watched by three fresh sentinels (quorum 2); once every sentinel sees
 * both replicas and the other two sentinels, SIGKILL the primary and time the first write.
 */
export async function sentinelTrial(trial: number, downAfterMs: number, timeoutMs: number): Promise<WriteResult> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-sentinel-"));
  const trio = await startTrio(`s${trial}`);
  const sentinels: Sentinel[] = [];
  try {
    for (let i = 0; i < SENTINELS; i++) sentinels.push(await startSentinel(dir, i, trio.primary.redis.port, downAfterMs));
    await waitUntil(
      "every sentinel sees 2 replicas and 2 other sentinels",
      async () => {
        const states = await Promise.all(sentinels.map((s) => masterState(s.port)));
        return states.every((s) => s.get("flags") === "master" && s.get("num-slaves") === "2" && s.get("num-other-sentinels") === String(SENTINELS - 1));
      },
      30_000,
      200,
    );
    // Let every sentinel refresh INFO from the replicas (every 10 s normally) after discovery settles.
    await sleep(1_000);
    const startedAt = performance.now();
    await trio.primary.stop();
    return await firstWrite(trio.nodes, trio.primary.name, startedAt, timeoutMs);
  } finally {
    await Promise.all(sentinels.map((s) => s.stop()));
    await trio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
