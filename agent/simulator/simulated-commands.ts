import type { Command } from "../../lib/protocol/agent";
import type { CommandContext, HandlerResult, Integration } from "../commands";
import type { SimulatedNode } from "./simulated-node";

/**
 * What a simulated node does with the server's recovery commands, so recovery can be exercised
 * without real data stores. It goes through the same CommandExecutor (fencing, idempotency,
 * deadline) as the real agent; only the effects are simulated:
 * - promote: becomes the primary of its group (the command's epoch is its new epoch);
 * - follow: re-points at args.target (or the node whose address is args.host), resyncing for a
 *   moment (link down) and then taking that primary's offset; args.host/port, when given with a
 *   target, must be that node's data address;
 * - pause-writes: a primary's offset stands still for args.pauseMs (or until unpause);
 * - catch-up: a replica whose link is up and whose primary stands still reaches the primary's
 *   offset after its lag; succeeds once its offset is at args.offset;
 * - restart: the node hangs briefly (no heartbeats), then comes back un-hung; a crash-looping
 *   service (chaos "crashloop") keeps crash-looping, which is what makes restarts escalate;
 * - run-hook: the simulated config defines "restart" (same as restart) and a few no-op hooks.
 */
export type SimulatedFleet = {
  node(id: string): SimulatedNode | undefined;
  /** The simulated node reporting this address in its hello, if any. */
  nodeAt(address: string): SimulatedNode | undefined;
};

export type SimulatedCommandOptions = {
  restartMs?: number;
  resyncMs?: number;
};

export const SIMULATED_HOOKS = ["restart", "rotate-logs", "clear-cache"] as const;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export function createSimulatedIntegration(selfId: string, fleet: SimulatedFleet, options: SimulatedCommandOptions = {}): Integration {
  const restartMs = options.restartMs ?? 1500;
  const resyncMs = options.resyncMs ?? 1000;
  const self = (): SimulatedNode => {
    const node = fleet.node(selfId);
    if (!node) throw new Error(`simulated node ${selfId} is gone`);
    return node;
  };

  const restart = async (_command: Command, context: CommandContext): Promise<HandlerResult> => {
    const node = self();
    node.hung = true;
    node.syncConnection();
    await sleep(restartMs, context.signal);
    // Whatever happened meanwhile, a restarted process runs again (unless it was killed).
    node.hung = false;
    node.syncConnection();
    if (context.signal.aborted) return { outcome: "failed", detail: "restart did not finish before the deadline" };
    return { outcome: "succeeded", detail: `restarted (down ${restartMs} ms)` };
  };

  return {
    name: "simulated",
    handlers: {
      async promote(command) {
        const node = self();
        node.epoch = Math.max(node.epoch, command.epoch);
        if (node.spec.role === "primary") return { outcome: "succeeded", detail: "already the primary" };
        const previous = node.spec.following;
        node.spec.role = "primary";
        node.spec.following = undefined;
        node.replication.promoted();
        node.client.updateHello({ role: "primary" });
        return {
          outcome: "succeeded",
          detail: `promoted at epoch ${command.epoch}${previous ? `; stopped following ${previous}` : ""}`,
        };
      },
      async follow(command) {
        const node = self();
        const { target, host, port } = command.args;
        const primary = target !== undefined ? fleet.node(target) : host !== undefined ? fleet.nodeAt(host) : undefined;
        if (!primary) {
          const named = target ?? host;
          return {
            outcome: "refused",
            detail: named === undefined ? "follow needs args.target or args.host" : `unknown target "${named}"`,
          };
        }
        if (primary === node) return { outcome: "refused", detail: "cannot follow itself" };
        const given = host !== undefined && port !== undefined ? (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`) : undefined;
        if (given !== undefined && primary.dataAddress !== undefined && given !== primary.dataAddress) {
          return { outcome: "refused", detail: `${given} is not the address of ${primary.spec.id} (${primary.dataAddress})` };
        }
        if (primary.spec.group !== node.spec.group) return { outcome: "refused", detail: `${primary.spec.id} is not a member of replica group ${node.spec.group}` };
        node.epoch = Math.max(node.epoch, command.epoch);
        node.spec.role = "replica";
        node.spec.following = primary.spec.id;
        node.replication.startResync(Date.now(), resyncMs);
        node.client.updateHello({ role: "replica" });
        return { outcome: "succeeded", detail: `following ${primary.spec.id}; resyncing` };
      },
      async "pause-writes"(command) {
        const node = self();
        const pauseMs = command.args.pauseMs;
        if (pauseMs === undefined) return { outcome: "refused", detail: "pause-writes needs args.pauseMs" };
        if (node.spec.role !== "primary") return { outcome: "refused", detail: "not a primary: only a primary's writes are paused" };
        const until = Date.now() + pauseMs;
        node.replication.pauseWrites(until);
        return { outcome: "succeeded", detail: `writes paused until ${new Date(until).toISOString()} (${pauseMs} ms) at offset ${node.replication.currentOffset}` };
      },
      async unpause() {
        self().replication.unpauseWrites();
        return { outcome: "succeeded", detail: "writes unpaused" };
      },
      async "catch-up"(command, context) {
        const node = self();
        const wanted = command.args.offset;
        if (wanted === undefined) return { outcome: "refused", detail: "catch-up needs args.offset" };
        if (node.spec.role !== "replica") return { outcome: "refused", detail: "not a replica: nothing to catch up" };
        for (;;) {
          const primary = node.spec.following === undefined ? undefined : fleet.node(node.spec.following);
          const status = node.replication.snapshot(Date.now());
          const linkUp = status.linkUp && primary !== undefined && primary.reachable && !node.partitioned;
          if (linkUp && primary.replication.writesPaused(Date.now())) {
            // Everything the primary wrote before the pause arrives within the replica's lag.
            await sleep(Math.min(node.replication.trailingMs, context.remainingMs()), context.signal);
            if (context.signal.aborted) break;
            node.replication.reach(primary.replication.currentOffset);
          }
          if (linkUp && node.replication.currentOffset >= wanted) {
            return { outcome: "succeeded", detail: `reached offset ${node.replication.currentOffset} (wanted ${wanted})` };
          }
          if (context.remainingMs() <= 25 || context.signal.aborted) break;
          await sleep(5, context.signal);
        }
        return { outcome: "failed", detail: `did not reach offset ${wanted} before the deadline: at ${node.replication.currentOffset}` };
      },
      restart,
      async "run-hook"(command, context) {
        const hook = command.args.hook;
        if (hook === undefined) return { outcome: "refused", detail: "run-hook needs args.hook" };
        if (!(SIMULATED_HOOKS as readonly string[]).includes(hook)) {
          return { outcome: "refused", detail: `no "${hook}" hook in this agent's config (defined: ${SIMULATED_HOOKS.join(", ")})` };
        }
        if (hook === "restart") return restart(command, context);
        await sleep(50, context.signal);
        return { outcome: "succeeded", detail: `hook "${hook}" exited 0` };
      },
    },
    replication: async () => {
      const node = self();
      const primary = node.spec.following === undefined ? undefined : fleet.node(node.spec.following);
      return node.withAddresses(node.replication.snapshot(Date.now()), primary);
    },
  };
}
