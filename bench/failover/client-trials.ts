import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgent, stopAgent, type AgentProcess } from "../../tests/support/agent-process";
import { api, freePort, startVigil } from "../../tests/support/vigil-server";
import { startTrio, withClient, type RedisTrio, type TrioNode } from "./redis-trio";
import { sleep, track, waitUntil } from "./processes";
import { agentArgs } from "./vigil-trial";
import { finalPrimary, startSentinelWriter, type SentinelEndpoint, type WriterReport } from "./sentinel-writer";

/*
 * Failover and switchover as an application sees them: an ioredis client in Sentinel mode
 * writes continuously (sentinel-writer.ts) while the primary is SIGKILLed, or while a planned
 * switchover runs (Vigil's API vs `SENTINEL FAILOVER`). Vigil is reached through its
 * Sentinel-compatible endpoint (VIGIL_SENTINEL_PORT); its agents have no peer lists.
 */

export type ClientEvent = "crash" | "switchover";
export type ClientTrialResult = WriterReport & { trial: number };

const GROUP = "kv";
/** After the primary changed, keep writing this long so the writer has settled on the new one. */
const SETTLE_MS = 2_000;

/** Waits until the primary named by the endpoint is not `oldAddress` and writes have flowed for a while after that. */
async function waitForNewPrimary(sentinels: readonly SentinelEndpoint[], oldAddress: string, writer: ReturnType<typeof startSentinelWriter>, timeoutMs: number): Promise<void> {
  await waitUntil("a new primary named", async () => {
    const named = await finalPrimary(sentinels, GROUP);
    return `${named.host}:${named.port}` !== oldAddress;
  }, timeoutMs, 50);
  const changedAt = performance.now();
  await waitUntil("writes acknowledged on the new primary", async () => writer.acknowledgedSince(changedAt) > 0, timeoutMs, 50).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (writer: ${writer.describe()})`);
  });
  await sleep(SETTLE_MS);
}

function address(node: TrioNode): string {
  return `127.0.0.1:${node.redis.port}`;
}

export async function vigilClientTrial(trial: number, event: ClientEvent, timeoutMs: number, nextDistDir: string): Promise<ClientTrialResult> {
  const sentinelPort = await freePort();
  const server = await startVigil({ env: { VIGIL_NEXT_DIST_DIR: nextDistDir, VIGIL_SENTINEL_PORT: String(sentinelPort), VIGIL_STARTUP_GRACE_MS: "1000" } });
  const stopServer = track(async () => {
    await server.stop();
    server.cleanup();
  });
  const trio = await startTrio(`${event[0]}${trial}`);
  const agents: { agent: AgentProcess; stop: () => Promise<void> }[] = [];
  try {
    for (const node of trio.nodes) {
      const role = node === trio.primary ? "primary" : "replica";
      const agent = startAgent(server.url, node.name, server.dataDir, agentArgs(GROUP, node, role));
      agents.push({ agent, stop: track(() => stopAgent(agent, "SIGKILL")) });
    }
    await waitUntil(`Vigil sees ${GROUP} healthy, replicas linked`, async () => {
      const { body } = await api<{ items: { id: string; primaryId: string | null; healthyCount: number; members: { linkUp: boolean | null }[] }[] }>(server, "/api/v1/replica-groups");
      const group = body.items.find((g) => g.id === GROUP);
      return group?.primaryId === trio.primary.name && group.healthyCount === 3 && group.members.filter((m) => m.linkUp === true).length >= 2;
    }, 30_000, 200);
    const sentinels = [{ host: "127.0.0.1", port: sentinelPort }];
    await waitUntil("the endpoint names the primary", async () => {
      const named = await finalPrimary(sentinels, GROUP);
      return `${named.host}:${named.port}` === address(trio.primary);
    }, 15_000, 100);
    // Past Vigil's startup grace and the replication settle time, as in steady state.
    await sleep(4_000);
    const writer = startSentinelWriter(sentinels, GROUP, `bench:${event}:${trial}`);
    await sleep(1_000);
    writer.markEvent();
    if (event === "crash") {
      await Promise.all([agents[0].stop(), trio.primary.stop()]);
    } else {
      const { status, body } = await api(server, `/api/v1/replica-groups/${GROUP}/switchover`, { method: "POST", body: JSON.stringify({}) });
      if (status >= 300) throw new Error(`switchover refused: ${status} ${JSON.stringify(body)}`);
    }
    await waitForNewPrimary(sentinels, address(trio.primary), writer, timeoutMs);
    return { trial, ...(await writer.finish()) };
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await trio.stop();
    await stopServer();
  }
}

const SENTINELS = 3;
const QUORUM = 2;

async function startSentinels(trio: RedisTrio, downAfterMs: number, dir: string, stoppers: (() => Promise<void>)[]): Promise<SentinelEndpoint[]> {
  const endpoints: SentinelEndpoint[] = [];
  for (let i = 0; i < SENTINELS; i++) {
    const port = await freePort();
    const configFile = join(dir, `sentinel-${i}.conf`);
    writeFileSync(configFile, [
      `port ${port}`,
      "bind 127.0.0.1",
      `dir ${dir}`,
      'logfile ""',
      `sentinel monitor ${GROUP} 127.0.0.1 ${trio.primary.redis.port} ${QUORUM}`,
      `sentinel down-after-milliseconds ${GROUP} ${downAfterMs}`,
      `sentinel failover-timeout ${GROUP} 10000`,
      `sentinel parallel-syncs ${GROUP} 1`,
      "",
    ].join("\n"));
    const [command, args] = existsSync("/usr/bin/redis-sentinel") ? ["/usr/bin/redis-sentinel", [configFile]] : ["redis-server", [configFile, "--sentinel"]];
    const child = spawn(command, args, { stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    stoppers.push(track(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    }));
    endpoints.push({ host: "127.0.0.1", port });
  }
  await waitUntil("every sentinel sees 2 replicas and the other sentinels", async () => {
    const states = await Promise.all(endpoints.map((s) => withClient(s.port, (c) => c.call("SENTINEL", "MASTER", GROUP))));
    return states.every((reply) => {
      const flat = Array.isArray(reply) ? reply.map(String) : [];
      const field = (name: string) => flat[flat.indexOf(name) + 1];
      return field("flags") === "master" && field("num-slaves") === "2" && field("num-other-sentinels") === String(SENTINELS - 1);
    });
  }, 30_000, 200);
  // Sentinels refresh the replicas' INFO every 10 s: let the first refresh after discovery land.
  await sleep(1_000);
  return endpoints;
}

export async function sentinelClientTrial(trial: number, event: ClientEvent, downAfterMs: number, timeoutMs: number): Promise<ClientTrialResult> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-sentinel-clients-"));
  const trio = await startTrio(`s${event[0]}${trial}`);
  const stoppers: (() => Promise<void>)[] = [];
  try {
    const sentinels = await startSentinels(trio, downAfterMs, dir, stoppers);
    const writer = startSentinelWriter(sentinels, GROUP, `bench:${event}:${trial}`);
    await sleep(1_000);
    writer.markEvent();
    if (event === "crash") await trio.primary.stop();
    else await withClient(sentinels[0].port, (client) => client.call("SENTINEL", "FAILOVER", GROUP));
    await waitForNewPrimary(sentinels, address(trio.primary), writer, timeoutMs);
    return { trial, ...(await writer.finish()) };
  } finally {
    await Promise.all(stoppers.map((stop) => stop()));
    await trio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
