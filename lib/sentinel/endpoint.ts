import { randomBytes } from "node:crypto";
import type { LiveFleet } from "../fleet/live-fleet";
import { DEFAULT_REPLICATION_SETTINGS, replicaGroupStatus, type GroupMemory } from "../replication";
import {
  applyPendingSwitches,
  parseHostPort,
  sameAddress,
  sentinelView,
  switchedMasters,
  switchMessage,
  type HostPort,
  type PendingSwitch,
  type SentinelView,
} from "./masters";
import { startSentinelServer, type SentinelServerLimits } from "./server";

/** The channel Sentinel clients (ioredis' failoverDetector, Jedis, Lettuce, redis-py) listen on. */
export const SWITCH_MASTER_CHANNEL = "+switch-master";
/** How often the endpoint looks whether the fleet's topology changed (a counter read, not a recomputation). */
const WATCH_MS = 200;
/** A committed switch overrides the live view this long at most, if the new primary's role never shows up there. */
const PENDING_SWITCH_MS = 30_000;

export type SentinelEndpoint = {
  port: number;
  /**
   * A promotion committed (failover or switchover): answer the new primary's address from now on
   * and publish `+switch-master` once. Addresses are "host:port" (the agents' data addresses).
   * Returns false when `to` is not an address.
   */
  announceSwitch: (groupId: string, from: string | null, to: string, nodeId?: string) => boolean;
  /** The masters as clients see them now (for tests and diagnostics). */
  view: () => SentinelView;
  stop: () => Promise<void>;
};

/**
 * The Sentinel-compatible endpoint of this instance. It answers from this instance's own live
 * fleet (every instance keeps the whole fleet through the cluster bridge): the replica groups are
 * judged again only when a node's state, connection or replication topology changed (the fleet's
 * state-change counter), never per heartbeat. A primary whose address moves is published as
 * `+switch-master`, once, whether the move came from `announceSwitch` or from the live view.
 */
export async function startSentinelEndpoint(deps: {
  fleet: LiveFleet;
  host: string;
  port: number;
  password: string | null;
  /** The primary's recognitions persisted by the replication job: the same epochs as the leader's. */
  memory: GroupMemory | null;
  downAfterMs: number;
  limits?: Partial<SentinelServerLimits>;
}): Promise<SentinelEndpoint> {
  const { fleet } = deps;
  const myId = randomBytes(20).toString("hex");
  let memory = deps.memory;
  let seenVersion = -1;
  /** Masters from the live view alone, and as answered (with pending switches applied). */
  let live: SentinelView = new Map();
  let answered: SentinelView = new Map();
  const pending = new Map<string, PendingSwitch>();

  const publish = (name: string, from: HostPort, to: HostPort) => {
    server.publish(SWITCH_MASTER_CHANNEL, switchMessage(name, from, to));
  };

  /** Recomputes what is answered; publishes the masters that moved since the last answer. */
  const settle = (now: number) => {
    for (const [name, switched] of pending) {
      const current = live.get(name) ?? null;
      if (!sameAddress(current, switched.was) || now - switched.at > PENDING_SWITCH_MS) pending.delete(name);
    }
    const next = applyPendingSwitches(live, pending);
    const before = answered;
    answered = next;
    for (const move of switchedMasters(before, next)) publish(move.name, move.from, move.to);
  };

  const refresh = () => {
    const version = fleet.stateVersion();
    if (version === seenVersion) return;
    seenVersion = version;
    const now = Date.now();
    const nodes = fleet.views();
    const status = replicaGroupStatus(nodes, memory, now, DEFAULT_REPLICATION_SETTINGS);
    memory = status.memory;
    live = sentinelView(status.groups, nodes);
    settle(now);
  };

  const server = await startSentinelServer({
    host: deps.host,
    port: deps.port,
    limits: deps.limits,
    context: () => ({
      password: deps.password,
      myId,
      downAfterMs: deps.downAfterMs,
      view: () => {
        refresh();
        return answered;
      },
    }),
  });
  refresh();
  const timer = setInterval(() => {
    refresh();
    // A pending switch also ends by its deadline, with no fleet change to trigger a look.
    if (pending.size > 0) settle(Date.now());
  }, WATCH_MS);
  timer.unref();

  return {
    port: server.port,
    announceSwitch(groupId, from, to, nodeId) {
      const target = parseHostPort(to);
      if (!target) return false;
      refresh();
      const previous = answered.get(groupId);
      if (previous && sameAddress(previous, target)) return true;
      const now = Date.now();
      const was = live.get(groupId);
      pending.set(groupId, { to: target, was: was ? { host: was.host, port: was.port } : null, nodeId: nodeId ?? null, at: now });
      const old = previous ?? parseHostPort(from);
      // settle publishes a move of a known master; a master the view did not know yet needs its own message.
      settle(now);
      if (!previous && old) publish(groupId, old, target);
      return true;
    },
    view: () => {
      refresh();
      return answered;
    },
    async stop() {
      clearInterval(timer);
      await server.close();
    },
  };
}

/**
 * Process-global, like the live view's slot: the recovery executor and the switchover call
 * `announceSwitch` without being handed the endpoint, and it does nothing when none runs.
 */
const SENTINEL_KEY = Symbol.for("vigil.sentinel");
type GlobalWithSentinel = typeof globalThis & { [SENTINEL_KEY]?: SentinelEndpoint | null };

export function publishSentinelEndpoint(endpoint: SentinelEndpoint | null): void {
  (globalThis as GlobalWithSentinel)[SENTINEL_KEY] = endpoint;
}

/**
 * A promotion committed: this instance's Sentinel endpoint (if it runs) answers `to` from now on
 * and publishes `+switch-master <group> <from> <to>` once. Call it where the promotion commits
 * (the failover's promote succeeded; the switchover's promote step). Other instances' endpoints
 * see the change in their own live fleet when the new primary's heartbeat reports the role.
 */
export function announceSwitch(groupId: string, from: string | null, to: string, nodeId?: string): boolean {
  return (globalThis as GlobalWithSentinel)[SENTINEL_KEY]?.announceSwitch(groupId, from, to, nodeId) ?? false;
}
