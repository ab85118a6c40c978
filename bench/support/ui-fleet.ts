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

/** `npm run simulate` as a child process: one process, the real agent protocol, one socket a node. */
export function startSimulatedFleet(serverUrl: string, nodes: number, intervalMs: number): TsxChild<never, never> {
  return spawnTsx("agent/simulate.ts", ["--server", serverUrl, "--token", AGENT_TOKEN, "--nodes", String(nodes), "--zones", "3", "--interval", String(intervalMs)]);
}

type OverviewAnswer = { stats: { total: number; connectedAgents: number; heartbeatsPerSec: number; counts: Record<string, number> } };
type GroupsAnswer = { run: { nodes: number } | null };
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
    await sleep(2_000);
  }

  let groupedNodes = 0;
  let ringGroups = 0;
  let pendingGroups = 0;
  const expectedGroups = Math.ceil(nodes / 3);
  while (Date.now() < deadline) {
    assertAlive();
    const [groups, ring] = await Promise.all([
      api<GroupsAnswer>(server, "/api/v1/groups", { signal: AbortSignal.timeout(30_000) }).catch(() => null),
      api<RingAnswer>(server, "/api/v1/ring", { signal: AbortSignal.timeout(30_000) }).catch(() => null),
    ]);
    groupedNodes = groups?.body?.run?.nodes ?? 0;
    ringGroups = ring?.body?.groups?.length ?? 0;
    pendingGroups = ring?.body?.pending?.length ?? 0;
    if (groupedNodes >= wanted && ringGroups >= Math.floor(expectedGroups * 0.98)) break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  waiting for grouping and ring: ${groupedNodes} nodes grouped, ${ringGroups} groups on the ring, ${pendingGroups} pending (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await sleep(3_000);
  }
  stats = (await overviewStats(server)) ?? stats;
  return { connectedAfterMs, stats, groupedNodes, ringGroups, pendingGroups };
}
