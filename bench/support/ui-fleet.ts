import { existsSync } from "node:fs";
import { join } from "node:path";
import { spawnTsx, REPO_ROOT, type TsxChild } from "./child";
import { AGENT_TOKEN, api, sleep, type VigilProcess } from "./vigil";
import { startVigil } from "../../tests/support/vigil-server";

/**
 * A built Vigil with a simulated fleet in it, for the UI benchmark. The build folder is the one
 * `next.config.ts` reads (VIGIL_NEXT_DIST_DIR, else .next), so a checkout that builds into its own
 * folder measures its own build.
 */

export const BUILD_DIR = process.env.VIGIL_NEXT_DIST_DIR || ".next";
const BUILD_WAIT_MS = 5 * 60_000;

export async function startBuiltVigilForUi(env: Record<string, string>): Promise<VigilProcess> {
  const buildId = join(REPO_ROOT, BUILD_DIR, "BUILD_ID");
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!existsSync(buildId)) {
    if (Date.now() > deadline) throw new Error(`${buildId} missing: run \`VIGIL_NEXT_DIST_DIR=${BUILD_DIR} npm run build\``);
    await sleep(2_000);
  }
  return startVigil({ env: { VIGIL_NEXT_DIST_DIR: BUILD_DIR, ...env } });
}

/**
 * `npm run simulate` as a child process: the real agent protocol, one socket a node. `script`
 * may name another checkout's simulator (a newer one, say) and `extraArgs` pass its own options.
 */
export function startSimulatedFleet(serverUrl: string, nodes: number, intervalMs: number, script = "agent/simulate.ts", extraArgs: readonly string[] = []): TsxChild<never, never> {
  return spawnTsx(script, ["--server", serverUrl, "--token", AGENT_TOKEN, "--nodes", String(nodes), "--zones", "3", "--interval", String(intervalMs), ...extraArgs]);
}

/**
 * Grouping needs `minSamples` heartbeats in its window (default 5 in 60 s). A fleet slowed down
 * with a long `--interval` would never be grouped: widen the window to its maximum and ask for
 * no more samples than fit in it.
 */
export async function fitGroupingToInterval(server: VigilProcess, intervalMs: number): Promise<string | null> {
  const defaultWindowSeconds = 60;
  const samplesInDefault = Math.floor((defaultWindowSeconds * 1000) / intervalMs);
  if (samplesInDefault >= 5) return null;
  const windowSeconds = 120;
  const minSamples = Math.max(1, Math.min(5, Math.floor((windowSeconds * 1000) / intervalMs) - 1));
  const answer = await api(server, "/api/v1/groups/settings", { method: "PUT", body: JSON.stringify({ windowSeconds, minSamples }) });
  if (answer.status !== 200) throw new Error(`grouping settings refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return `grouping window ${windowSeconds} s, at least ${minSamples} samples (heartbeats every ${intervalMs / 1000} s)`;
}

type OverviewAnswer = { stats: { total: number; connectedAgents: number; heartbeatsPerSec: number; counts: Record<string, number> } };
type GroupingHistoryAnswer = { items: { nodes: number }[] };
type RingAnswer = { epoch: number; groups: unknown[]; pending: unknown[] };

export type FleetReadiness = { connectedAfterMs: number | null; stats: OverviewAnswer["stats"] | null; groupedNodes: number; ringGroups: number; pendingGroups: number };

async function overviewStats(server: VigilProcess): Promise<OverviewAnswer["stats"] | null> {
  try {
    const answer = await api<OverviewAnswer>(server, "/api/v1/overview", { signal: AbortSignal.timeout(20_000) });
    return answer.status === 200 ? answer.body.stats : null;
  } catch {
    return null;
  }
}

/**
 * Waits (bounded) until nearly every node is connected, a grouping run covers most of them and
 * the ring holds most groups: the pages then show a fleet of the asked size, not one filling in.
 */
export async function waitForFleet(server: VigilProcess, nodes: number, timeoutMs: number, log: (line: string) => void): Promise<FleetReadiness> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const wanted = Math.floor(nodes * 0.98);
  let stats: OverviewAnswer["stats"] | null = null;
  let connectedAfterMs: number | null = null;
  let lastLog = 0;
  const assertAlive = () => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(`Vigil exited (${server.process.exitCode ?? server.process.signalCode}) while the fleet connected:\n${server.output().slice(-4000)}`);
    }
  };
  while (Date.now() < deadline) {
    assertAlive();
    stats = await overviewStats(server);
    if (stats && stats.connectedAgents >= wanted && stats.total >= wanted) {
      connectedAfterMs = Date.now() - started;
      break;
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  waiting for the fleet: ${stats ? `${stats.connectedAgents} connected, ${stats.total} known` : "overview not answering"} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await sleep(5_000);
  }

  let groupedNodes = 0;
  let ringGroups = 0;
  let pendingGroups = 0;
  const expectedGroups = Math.ceil(nodes / 3);
  while (Date.now() < deadline) {
    assertAlive();
    const [groups, ring] = await Promise.all([
      // The history's latest run says how many nodes were grouped, without the megabytes of /groups.
      api<GroupingHistoryAnswer>(server, "/api/v1/groups/history?limit=1", { signal: AbortSignal.timeout(30_000) }).catch(() => null),
      api<RingAnswer>(server, "/api/v1/ring", { signal: AbortSignal.timeout(30_000) }).catch(() => null),
    ]);
    // A read that timed out says nothing new: keep what the last answer said.
    if (groups?.body) groupedNodes = groups.body.items?.[0]?.nodes ?? 0;
    if (ring?.body) {
      ringGroups = ring.body.groups?.length ?? 0;
      pendingGroups = ring.body.pending?.length ?? 0;
    }
    if (groupedNodes >= wanted && ringGroups >= Math.floor(expectedGroups * 0.98)) break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  waiting for grouping and ring: ${groupedNodes} nodes grouped, ${ringGroups} groups on the ring, ${pendingGroups} pending (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    // Each read of the ring builds it (and lists every group): ask rarely, not to be the load we wait out.
    await sleep(10_000);
  }
  stats = (await overviewStats(server)) ?? stats;
  return { connectedAfterMs, stats, groupedNodes, ringGroups, pendingGroups };
}
