import { startAgent, stopAgent, type AgentProcess } from "../../tests/support/agent-process";
import { api, type VigilProcess } from "../../tests/support/vigil-server";
import { firstWrite, type WriteResult } from "./write-probe";
import { startTrio, type TrioNode } from "./redis-trio";
import { sleep, track, waitUntil } from "./processes";

type GroupView = { id: string; primaryId: string | null; healthyCount: number; members: { nodeId: string; role: string | null; linkUp: boolean | null }[] };

async function group(server: VigilProcess, id: string): Promise<GroupView | undefined> {
  const { body } = await api<{ items: GroupView[] }>(server, "/api/v1/replica-groups");
  return body.items.find((g) => g.id === id);
}

/** As docs/agent.md shows: no peer list, each agent reports its data store's address. */
export function agentArgs(groupId: string, node: TrioNode, role: "primary" | "replica"): string[] {
  return ["--redis", `127.0.0.1:${node.redis.port}`, "--group", groupId, "--role", role, "--zone", `zone-${node.name.slice(-1)}`];
}

/**
 * One trial on a fresh server: a fresh trio in replica group `kv<trial>`, one real
 * agent per node; once Vigil sees the group healthy, SIGKILL the primary's agent and redis-server
 * together and time the first write on the new primary.
 */
export async function vigilTrial(server: VigilProcess, trial: number, startup: { startedAt: number; startupGraceMs: number }, timeoutMs: number): Promise<WriteResult> {
  const groupId = `kv${trial}`;
  const trio = await startTrio(groupId);
  const agents: { agent: AgentProcess; stop: () => Promise<void> }[] = [];
  try {
    for (const node of trio.nodes) {
      const agent = startAgent(server.url, node.name, server.dataDir, agentArgs(groupId, node, node === trio.primary ? "primary" : "replica"));
      agents.push({ agent, stop: track(() => stopAgent(agent, "SIGKILL")) });
    }
    await waitUntil(
      `Vigil sees ${groupId} healthy with ${trio.primary.name} primary and both replicas linked`,
      async () => {
        const g = await group(server, groupId);
        return g?.primaryId === trio.primary.name && g.members.length === 3 && g.healthyCount === 3 && g.members.filter((m) => m.role === "replica" && m.linkUp === true).length === 2;
      },
      30_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- agent ${trio.primary.name}\n${agents[0]?.agent.output().slice(-1500)}`);
    });
    // Past the server's startup grace, and a recovery round (every second) after the replicas
    // were seen linked: the kill is judged like any fault in steady state.
    await sleep(Math.max(startup.startedAt + startup.startupGraceMs + 500 - Date.now(), 1_500));
    const startedAt = performance.now();
    await Promise.all([agents[0].stop(), trio.primary.stop()]);
    return await firstWrite(trio.nodes, trio.primary.name, startedAt, timeoutMs);
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await trio.stop();
  }
}
