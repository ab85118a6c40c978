import { Redis } from "ioredis";
import type { Command, Replication } from "../../lib/protocol/agent";
import { parseHostPort } from "../collectors/latency-probe";
import { message, type CommandContext, type HandlerResult, type Integration } from "../commands";
import { hookHandlers, type Hooks } from "../hooks";
import { silentLogger, type AgentLogger } from "../logger";

/*
 * One redis-server on this node. Each heartbeat: PING (service_up gauge and latencyMs) and
 * INFO replication (the heartbeat's `replication`). Commands: promote = REPLICAOF NO ONE,
 * follow = REPLICAOF host port, restart = the "restart" hook from the agent's config.
 *
 * lagMs of a replica:
 * - link down: how long it has been down (master_link_down_since_seconds, or since the agent
 *   first saw it down when Redis does not say);
 * - link up: how long ago the primary was at the offset the replica has now. The agent reads the
 *   primary's master_repl_offset (at the master_host:master_port the replica itself uses) just
 *   before the replica's INFO, keeps a short history of (time, offset), and interpolates when the
 *   primary passed the replica's offset. A replica level with the primary reads 0.
 * - link up but the primary is not reachable from the agent (or no history yet):
 *   master_last_io_seconds_ago × 1000 — coarse, and on an idle primary it climbs to the
 *   primary's repl-ping-replica-period (10 s by default) between pings.
 */

export type RedisAddress = { host: string; port: number };

export type RedisIntegrationOptions = {
  /** "host:port" of the local redis-server. */
  address: string;
  /** nodeId → "host:port" of the other members' redis-servers, for `following` and follow targets. */
  peers?: Record<string, string>;
  hooks?: Hooks;
  /** This agent's node id: following itself is refused. */
  selfNodeId?: string;
  logger?: AgentLogger;
  /** Per Redis request (default 2000 ms). */
  requestTimeoutMs?: number;
};

export type IntegrationSample = {
  latencyMs?: number;
  custom: Record<string, number>;
  replication?: Replication;
};

export type RedisIntegration = Integration & {
  /** One heartbeat's worth: PING, then INFO replication when it answered. */
  sample(): Promise<IntegrationSample>;
  readReplication(signal?: AbortSignal): Promise<Replication>;
  close(): Promise<void>;
};

type OffsetSample = { at: number; offset: number };
const HISTORY_LIMIT = 300;

export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith("#")) continue;
    const index = line.indexOf(":");
    if (index > 0) fields[line.slice(0, index)] = line.slice(index + 1).trim();
  }
  return fields;
}

export function addressKey(host: string, port: number): string {
  return `${host.replace(/^\[|\]$/g, "").toLowerCase()}:${port}`;
}

/**
 * How long ago the primary was at `replicaOffset`, from samples of its offset (oldest first).
 * Undefined without enough samples; a lower bound when the replica is behind the whole history.
 */
export function lagFromHistory(history: readonly OffsetSample[], replicaOffset: number, now: number): number | undefined {
  if (history.length === 0) return undefined;
  if (replicaOffset >= history[history.length - 1].offset) return 0;
  const index = history.findIndex((sample) => sample.offset > replicaOffset);
  // Behind everything sampled: the age of the oldest sample is a lower bound, once there is one.
  if (index <= 0) return history.length >= 2 ? Math.max(0, now - history[0].at) : undefined;
  const before = history[index - 1];
  const after = history[index];
  const share = (replicaOffset - before.offset) / (after.offset - before.offset);
  const reachedAt = before.at + share * (after.at - before.at);
  return Math.max(0, now - reachedAt);
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : undefined;
}

function openClient(address: RedisAddress, requestTimeoutMs: number, onError: (error: Error) => void): Redis {
  const client = new Redis({
    host: address.host,
    port: address.port,
    lazyConnect: true,
    connectTimeout: Math.min(requestTimeoutMs, 2000),
    commandTimeout: requestTimeoutMs,
    // Queue while (re)connecting, but give up on a request after one failed reconnect.
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    enableReadyCheck: false,
  });
  client.on("error", onError);
  return client;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function createRedisIntegration(options: RedisIntegrationOptions): RedisIntegration {
  const logger = options.logger ?? silentLogger;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const self = parseHostPort(options.address);
  const peers = new Map<string, RedisAddress>();
  const peerByAddress = new Map<string, string>();
  for (const [nodeId, hostPort] of Object.entries(options.peers ?? {})) {
    const address = parseHostPort(hostPort);
    peers.set(nodeId, address);
    peerByAddress.set(addressKey(address.host, address.port), nodeId);
  }

  let lastError = "";
  const reportError = (where: string) => (error: Error) => {
    const text = `${where}: ${error.message}`;
    if (text === lastError) return;
    lastError = text;
    logger.warn(text);
  };
  const redis = openClient(self, requestTimeoutMs, reportError(`redis ${options.address}`));

  // The primary this replica follows, queried for its offset (see lagMs above).
  let primary: { key: string; address: RedisAddress; client: Redis; history: OffsetSample[] } | undefined;
  let linkDownSeenAt: number | undefined;

  const dropPrimary = () => {
    primary?.client.disconnect();
    primary = undefined;
  };
  const watchPrimary = (host: string, port: number) => {
    const key = addressKey(host, port);
    if (primary?.key === key) return;
    dropPrimary();
    const address = { host, port };
    primary = { key, address, client: openClient(address, Math.min(requestTimeoutMs, 1000), reportError(`primary ${key}`)), history: [] };
  };
  const samplePrimary = async (signal?: AbortSignal): Promise<void> => {
    const watched = primary;
    if (!watched) return;
    try {
      const info = parseInfo(await abortable(watched.client.info("replication"), signal));
      const offset = toInt(info.master_repl_offset);
      if (offset === undefined || info.role !== "master") return;
      const history = watched.history;
      // A primary that restarted or resynced starts over: keep the history monotonic.
      if (history.length > 0 && offset < history[history.length - 1].offset) history.length = 0;
      history.push({ at: Date.now(), offset });
      if (history.length > HISTORY_LIMIT) history.shift();
    } catch {
      // Unreachable from here: the lag falls back to master_last_io_seconds_ago.
    }
  };

  const readReplication = async (signal?: AbortSignal): Promise<Replication> => {
    // The primary first: a replica read just after it has had every chance to be level with it.
    await samplePrimary(signal);
    const info = parseInfo(await abortable(redis.info("replication"), signal));
    const now = Date.now();
    if (info.role === "master") {
      dropPrimary();
      linkDownSeenAt = undefined;
      return { role: "primary", offset: Math.max(0, toInt(info.master_repl_offset) ?? 0), lagMs: 0, linkUp: true };
    }
    if (info.role !== "slave") throw new Error(`unexpected role "${info.role ?? "(none)"}" in INFO replication`);
    const host = info.master_host ?? "";
    const port = toInt(info.master_port) ?? 0;
    const following = host && port ? peerByAddress.get(addressKey(host, port)) : undefined;
    const offset = Math.max(0, toInt(info.slave_repl_offset) ?? toInt(info.master_repl_offset) ?? 0);
    const linkUp = info.master_link_status === "up";
    let lagMs: number;
    if (!linkUp) {
      linkDownSeenAt ??= now;
      const downFor = toInt(info.master_link_down_since_seconds);
      // -1 means never connected; anything absurd (a timestamp from older servers) is ignored too.
      const reported = downFor !== undefined && downFor >= 0 && downFor < 10 * 365 * 86_400 ? downFor * 1000 : 0;
      lagMs = Math.max(reported, now - linkDownSeenAt);
    } else {
      linkDownSeenAt = undefined;
      const sameSource = primary?.key === addressKey(host, port);
      const fromHistory = sameSource && primary ? lagFromHistory(primary.history, offset, now) : undefined;
      lagMs = fromHistory ?? Math.max(0, (toInt(info.master_last_io_seconds_ago) ?? 0) * 1000);
    }
    if (host && port) watchPrimary(host, port);
    const replication: Replication = { role: "replica", offset, lagMs: Math.round(lagMs), linkUp };
    if (following) replication.following = following;
    return replication;
  };

  const ping = async (signal?: AbortSignal): Promise<number> => {
    const started = performance.now();
    const reply = await abortable(redis.ping(), signal);
    if (reply !== "PONG") throw new Error(`PING answered ${reply}`);
    return performance.now() - started;
  };

  const waitForPing = async (context: CommandContext): Promise<boolean> => {
    while (context.remainingMs() > 0 && !context.signal.aborted) {
      try {
        await ping(context.signal);
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, context.remainingMs())));
      }
    }
    return false;
  };

  const resolveTarget = (command: Command): RedisAddress | string => {
    const { host, port, target } = command.args;
    if (target !== undefined && options.selfNodeId !== undefined && target === options.selfNodeId) {
      return `cannot follow itself (${target})`;
    }
    let address: RedisAddress | undefined;
    if (host !== undefined && port !== undefined) {
      // Only a member of this node's own replica group: a follow elsewhere would hand the data to a stranger.
      if (!peerByAddress.has(addressKey(host, port))) return `${host}:${port} is not a member of this node's replica group (its --peer list)`;
      address = { host, port };
    } else if (target !== undefined) {
      address = peers.get(target);
      if (!address) return `unknown target "${target}": not in this agent's peer list (--peer ${target}=host:port)`;
    } else return "follow needs args.host and args.port, or args.target naming a peer";
    if (addressKey(address.host, address.port) === addressKey(self.host, self.port)) {
      return `cannot follow itself (${address.host}:${address.port})`;
    }
    return address;
  };

  const hooks = hookHandlers(options.hooks ?? {});

  return {
    name: "redis",
    handlers: {
      "run-hook": hooks["run-hook"],
      async restart(command, context): Promise<HandlerResult> {
        const result = await hooks.restart(command, context);
        if (result.outcome !== "succeeded") return result;
        if (await waitForPing(context)) return { outcome: "succeeded", detail: `${result.detail}; redis answers PING again` };
        return { outcome: "failed", detail: `${result.detail}, but redis did not answer PING before the deadline` };
      },
      async promote(_command, context): Promise<HandlerResult> {
        const before = parseInfo(await abortable(redis.info("replication"), context.signal));
        if (before.role === "master") return { outcome: "succeeded", detail: "already a primary" };
        await abortable(redis.call("REPLICAOF", "NO", "ONE"), context.signal);
        const after = parseInfo(await abortable(redis.info("replication"), context.signal));
        if (after.role !== "master") return { outcome: "failed", detail: `REPLICAOF NO ONE answered OK but role is ${after.role}` };
        return {
          outcome: "succeeded",
          detail: `promoted: stopped following ${before.master_host}:${before.master_port}, now a primary at offset ${after.master_repl_offset}`,
        };
      },
      async follow(command, context): Promise<HandlerResult> {
        const target = resolveTarget(command);
        if (typeof target === "string") return { outcome: "refused", detail: target };
        const reply = await abortable(redis.call("REPLICAOF", target.host, String(target.port)), context.signal);
        const after = parseInfo(await abortable(redis.info("replication"), context.signal));
        if (after.role !== "slave" || addressKey(after.master_host ?? "", toInt(after.master_port) ?? 0) !== addressKey(target.host, target.port)) {
          return { outcome: "failed", detail: `REPLICAOF ${target.host} ${target.port} answered ${String(reply)} but INFO shows role ${after.role}` };
        }
        return {
          outcome: "succeeded",
          detail: `following ${target.host}:${target.port} (${String(reply)}); link ${after.master_link_status ?? "unknown"}`,
        };
      },
    },
    replication: (signal) => readReplication(signal),
    readReplication,
    async sample(): Promise<IntegrationSample> {
      let latencyMs: number | undefined;
      try {
        latencyMs = await ping();
      } catch {
        return { custom: { service_up: 0 } };
      }
      let replication: Replication | undefined;
      try {
        replication = await readReplication();
      } catch (error) {
        reportError(`redis ${options.address} INFO replication`)(error instanceof Error ? error : new Error(message(error)));
      }
      return { latencyMs, custom: { service_up: 1 }, replication };
    },
    async close() {
      dropPrimary();
      redis.disconnect();
    },
  };
}
