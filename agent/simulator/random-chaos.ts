import type { AgentLogger } from "../logger";
import type { ControlTarget } from "./control-server";
import type { Random } from "./seeded-random";

export type RandomChaos = { stop(): void };

/**
 * Gives a demo something to look at: roughly every `everyMs` one running node is killed,
 * hung or slowed, and put right again a while later. Only one node is disturbed per round,
 * so the fleet never looks like a mass outage (which Vigil would rightly refuse to act on).
 */
export function startRandomChaos(simulator: ControlTarget, random: Random, logger: AgentLogger, everyMs = 30_000): RandomChaos {
  const timers = new Set<NodeJS.Timeout>();
  const later = (delayMs: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delayMs);
    timers.add(timer);
  };
  let stopped = false;
  const act = async (action: Parameters<ControlTarget["chaos"]>[0], note: string) => {
    try {
      await simulator.chaos(action);
      logger.info(`chaos: ${note}`);
    } catch (error) {
      logger.warn(`chaos: ${note} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const round = async () => {
    const nodes = await Promise.resolve(simulator.nodes()).catch(() => []);
    if (stopped) return;
    const healthy = nodes.filter((node) => node.status === "running" && node.slowJitterMs === 0 && !node.flapping);
    if (healthy.length > 0) {
      const node = random.pick(healthy);
      const kind = random.pick(["kill", "hang", "slow"] as const);
      if (kind === "kill") {
        const downMs = Math.round(random.between(45_000, 90_000));
        void act({ action: "kill", nodes: [node.id] }, `killed ${node.id} (${node.role} of ${node.group}) for ${Math.round(downMs / 1000)} s`);
        later(downMs, () => void act({ action: "revive", nodes: [node.id] }, `revived ${node.id}`));
      } else if (kind === "hang") {
        const hungMs = Math.round(random.between(30_000, 60_000));
        void act({ action: "hang", nodes: [node.id] }, `hung ${node.id} for ${Math.round(hungMs / 1000)} s`);
        later(hungMs, () => void act({ action: "unhang", nodes: [node.id] }, `unhung ${node.id}`));
      } else {
        void act({ action: "slow", nodes: [node.id], jitterMs: 1500 }, `slowed ${node.id} (jitter 1500 ms) for 60 s`);
        later(60_000, () => void act({ action: "unslow", nodes: [node.id] }, `restored ${node.id} speed`));
      }
    }
    later(Math.round(everyMs * random.between(0.7, 1.3)), () => void round());
  };
  later(Math.round(everyMs * random.between(0.3, 0.6)), () => void round());

  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
