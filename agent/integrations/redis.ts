import { Redis } from "ioredis";
import { dataAddressSchema, type Command, type Membership, type Replication } from "../../lib/protocol/agent";
import { parseHostPort } from "../collectors/latency-probe";
import { message, type CommandContext, type HandlerResult, type Integration } from "../commands";
import { hookHandlers, type Hooks } from "../hooks";
import { silentLogger, type AgentLogger } from "../logger";

/*
 * One redis-server on this node. Each heartbeat: PING (service_up gauge and latencyMs) and
 * INFO replication (the heartbeat's `replication`, with this node's announce address and, for a
 * replica, the address it follows). Commands: promote = REPLICAOF NO ONE, follow = REPLICAOF
 * host port (only to a member of this node's group: Vigil's latest membership, or a --peer),
 * pause-writes / unpause = CLIENT PAUSE WRITE / CLIENT UNPAUSE, catch-up = wait for an offset,
 * restart = the "restart" hook from the agent's config.
 *
 * Every connection (the local one and the ones to the primary for lag) uses the same username,
 * password and TLS settings: a replica group shares its credentials, as masterauth requires.
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

export type RedisTlsOptions = {
  /** PEM of the CA(s) that signed the servers' certificates (default: the system's). */
  ca?: string;
  /** PEM client certificate and key, for servers with tls-auth-clients. */
  cert?: string;
  key?: string;
  /** The name the servers' certificates carry, when it is not the host connected to. */
  servername?: string;
};

export type RedisIntegrationOptions = {
  /** "host:port" of the local redis-server. */
  address: string;
  /** nodeId → "host:port" of the other members' redis-servers: an optional override of Vigil's membership. */
  peers?: Record<string, string>;
  /** ACL user (AUTH username password); without it AUTH uses the password alone (requirepass). */
  username?: string;
  password?: string;
  /** Connect with TLS (the local server and the peers). */
  tls?: RedisTlsOptions;
  /** "host:port" peers reach this redis-server at; default: what Redis announces (see announceAddress). */
  announce?: string;
  /** The host this machine is reached at (the agent's --address), used when --redis names a loopback host. */
  advertisedHost?: string;
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

/** "host:port" with an IPv6 host in brackets, or undefined when it is no valid data address. */
export function formatAddress(host: string, port: number): string | undefined {
  const bare = host.replace(/^\[|\]$/g, "");
  const text = bare.includes(":") ? `[${bare}]:${port}` : `${bare}:${port}`;
  return dataAddressSchema.safeParse(text).success ? text : undefined;
}

function listedKey(address: string): string {
  const { host, port } = parseHostPort(address);
  return addressKey(host, port);
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || bare.startsWith("127.");
}

type ConnectionOptions = Pick<RedisIntegrationOptions, "username" | "password" | "tls">;

function openClient(address: RedisAddress, connection: ConnectionOptions, requestTimeoutMs: number, onError: (error: Error) => void): Redis {
  const client = new Redis({
    host: address.host,
    port: address.port,
    username: connection.username,
    password: connection.password,
    tls: connection.tls ? { ...connection.tls } : undefined,
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

export type RedisIntegration = Integration & {
  /** One heartbeat's worth: PING, then INFO replication when it answered. */
  sample(): Promise<IntegrationSample>;
  readReplication(signal?: AbortSignal): Promise<Replication>;
  /** Vigil's latest view of this node's replica group: who a follow may target. */
  setMembership(membership: Membership): void;
  close(): Promise<void>;
};

/** The announce address is re-read this rarely: it changes only with the server's configuration. */
const ANNOUNCE_REFRESH_MS = 60_000;
const CATCH_UP_POLL_MS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRedisIntegration(options: RedisIntegrationOptions): RedisIntegration {
  const logger = options.logger ?? silentLogger;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const connection: ConnectionOptions = { username: options.username, password: options.password, tls: options.tls };
  const self = parseHostPort(options.address);
  const peers = new Map<string, RedisAddress>();
  const peerByAddress = new Map<string, string>();
  for (const [nodeId, hostPort] of Object.entries(options.peers ?? {})) {
    const address = parseHostPort(hostPort);
    peers.set(nodeId, address);
    peerByAddress.set(addressKey(address.host, address.port), nodeId);
  }
  const fixedAnnounce = options.announce === undefined ? undefined : parseHostPort(options.announce);
  let membership: Membership | undefined;

  // Per source, so that two sources failing at once (the connection, its PING) log once each, not every heartbeat.
  const lastErrors = new Map<string, string>();
  // ioredis' messages name the server and the reply (WRONGPASS, NOAUTH), never the password.
  const reportError = (where: string) => (error: Error) => {
    if (lastErrors.get(where) === error.message) return;
    lastErrors.set(where, error.message);
    logger.warn(`${where}: ${error.message}`);
  };
  const redis = openClient(self, connection, requestTimeoutMs, reportError(`redis ${options.address}`));

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
    primary = { key, address, client: openClient(address, connection, Math.min(requestTimeoutMs, 1000), reportError(`primary ${key}`)), history: [] };
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

  /*
   * This node's data address as its peers reach it: --redis-announce; else what Redis announces
   * to its own primary (replica-announce-ip / -port, when CONFIG GET is allowed and they are
   * set); else the host of --redis (or the agent's --address when that host is a loopback one)
   * and the port Redis listens on (INFO server tcp_port; the --redis port under TLS, where
   * tcp_port is the plain port, often 0).
   */
  let announced: { address: RedisAddress; at: number } | undefined;
  const announceAddress = async (signal?: AbortSignal): Promise<RedisAddress | undefined> => {
    if (fixedAnnounce) return fixedAnnounce;
    if (announced && Date.now() - announced.at < ANNOUNCE_REFRESH_MS) return announced.address;
    let host = self.host;
    if (isLoopback(host) && options.advertisedHost && formatAddress(options.advertisedHost, self.port)) host = options.advertisedHost;
    let port: number | undefined;
    try {
      const reply = await abortable(redis.call("CONFIG", "GET", "replica-announce-*"), signal);
      const pairs = Array.isArray(reply) ? reply.map(String) : [];
      const config = new Map<string, string>();
      for (let index = 0; index + 1 < pairs.length; index += 2) config.set(pairs[index], pairs[index + 1]);
      const ip = config.get("replica-announce-ip") ?? "";
      const announcedPort = toInt(config.get("replica-announce-port"));
      if (ip) host = ip;
      if (announcedPort !== undefined && announcedPort > 0) port = announcedPort;
    } catch {
      // Not allowed by its ACL (no +config|get), or not answering: the defaults below.
    }
    if (port === undefined) {
      try {
        const tcpPort = toInt(parseInfo(await abortable(redis.info("server"), signal)).tcp_port);
        port = !options.tls && tcpPort !== undefined && tcpPort > 0 ? tcpPort : self.port;
      } catch {
        // Keep what was known: a redis-server that does not answer does not change its address.
        if (announced) return announced.address;
        port = self.port;
      }
    }
    announced = { address: { host, port }, at: Date.now() };
    return announced.address;
  };

  const withAddresses = async (replication: Replication, signal?: AbortSignal, following?: RedisAddress): Promise<Replication> => {
    const own = await announceAddress(signal);
    const address = own && formatAddress(own.host, own.port);
    if (address) replication.address = address;
    const followingAddress = following && formatAddress(following.host, following.port);
    if (followingAddress) replication.followingAddress = followingAddress;
    return replication;
  };

  const readReplication = async (signal?: AbortSignal): Promise<Replication> => {
    // The primary first: a replica read just after it has had every chance to be level with it.
    await samplePrimary(signal);
    const info = parseInfo(await abortable(redis.info("replication"), signal));
    const now = Date.now();
    if (info.role === "master") {
      dropPrimary();
      linkDownSeenAt = undefined;
      return withAddresses({ role: "primary", offset: Math.max(0, toInt(info.master_repl_offset) ?? 0), lagMs: 0, linkUp: true }, signal);
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
    return withAddresses(replication, signal, host && port ? { host, port } : undefined);
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

  /**
   * Where a follow goes: args.target (and args.host/port when given) must be a member of this
   * node's group as Vigil's latest membership lists it, with that address; a --peer for the
   * target overrides the address (the agent's own view, e.g. behind NAT). Anything else is
   * refused: a follow elsewhere would hand this node's data set to a stranger.
   */
  const resolveTarget = async (command: Command, signal: AbortSignal): Promise<{ address: RedisAddress; via: string } | string> => {
    const { host, port, target } = command.args;
    if (target !== undefined && options.selfNodeId !== undefined && target === options.selfNodeId) {
      return `cannot follow itself (${target})`;
    }
    const given = host !== undefined && port !== undefined ? { host, port } : undefined;
    const givenText = given ? (formatAddress(given.host, given.port) ?? `${given.host}:${given.port}`) : undefined;
    let resolved: { address: RedisAddress; via: string } | string;
    if (target !== undefined) {
      const peer = peers.get(target);
      const member = membership?.members.find((entry) => entry.nodeId === target);
      if (peer) resolved = { address: peer, via: `--peer ${target}` };
      else if (!membership) resolved = `no membership received from Vigil yet and no --peer for ${target}`;
      else if (!member) resolved = `${target} is not a member of group ${membership.group} as Vigil lists it`;
      else if (!member.address) resolved = `Vigil lists no address for ${target} in group ${membership.group}`;
      else {
        const listed = parseHostPort(member.address);
        if (given && addressKey(given.host, given.port) !== addressKey(listed.host, listed.port)) {
          resolved = `${givenText} is not the address Vigil lists for ${target} in group ${membership.group}`;
        } else resolved = { address: listed, via: `member ${target} of group ${membership.group}` };
      }
    } else if (given) {
      const key = addressKey(given.host, given.port);
      const peer = peerByAddress.get(key);
      const member = membership?.members.find((entry) => entry.address !== null && listedKey(entry.address) === key);
      if (peer) resolved = { address: given, via: `--peer ${peer}` };
      else if (member) resolved = { address: given, via: `member ${member.nodeId} of group ${membership?.group}` };
      else if (!membership) resolved = `no membership received from Vigil yet and no --peer with ${givenText}`;
      else resolved = `${givenText} is not the address of any member Vigil lists in group ${membership.group}`;
      if (member && options.selfNodeId !== undefined && member.nodeId === options.selfNodeId) return `cannot follow itself (${givenText})`;
    } else return "follow needs args.target (and optionally args.host and args.port)";
    if (typeof resolved === "string") return resolved;
    const key = addressKey(resolved.address.host, resolved.address.port);
    const own = await announceAddress(signal).catch(() => undefined);
    if (key === addressKey(self.host, self.port) || (own && key === addressKey(own.host, own.port))) {
      return `cannot follow itself (${formatAddress(resolved.address.host, resolved.address.port) ?? key})`;
    }
    return resolved;
  };

  /** CLIENT KILL answers the number killed (or OK on old servers). */
  const killClients = async (signal: AbortSignal, ...filter: string[]): Promise<number> => {
    const reply = await abortable(redis.call("CLIENT", "KILL", ...filter), signal);
    return typeof reply === "number" ? reply : 0;
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
        const resolved = await resolveTarget(command, context.signal);
        if (typeof resolved === "string") return { outcome: "refused", detail: resolved };
        const { address: target, via } = resolved;
        const targetText = formatAddress(target.host, target.port) ?? `${target.host}:${target.port}`;
        const before = parseInfo(await abortable(redis.info("replication"), context.signal));
        const reply = await abortable(redis.call("REPLICAOF", target.host, String(target.port)), context.signal);
        const after = parseInfo(await abortable(redis.info("replication"), context.signal));
        if (after.role !== "slave" || addressKey(after.master_host ?? "", toInt(after.master_port) ?? 0) !== addressKey(target.host, target.port)) {
          return { outcome: "failed", detail: `REPLICAOF ${target.host} ${target.port} answered ${String(reply)} but INFO shows role ${after.role}` };
        }
        let killed = "";
        if (before.role === "master") {
          // As Sentinel does: the old primary's clients reconnect and ask again where the primary is.
          try {
            const normal = await killClients(context.signal, "TYPE", "normal", "SKIPME", "yes");
            const pubsub = await killClients(context.signal, "TYPE", "pubsub");
            killed = `; was a primary: disconnected ${normal} client(s) and ${pubsub} pub/sub client(s) so they find the new primary`;
          } catch (error) {
            killed = `; was a primary, but CLIENT KILL failed (${message(error)}): its clients stay connected to a replica`;
          }
        }
        return {
          outcome: "succeeded",
          detail: `following ${targetText} (${via}; ${String(reply)}); link ${after.master_link_status ?? "unknown"}${killed}`,
        };
      },
      async "pause-writes"(command, context): Promise<HandlerResult> {
        const pauseMs = command.args.pauseMs;
        if (pauseMs === undefined) return { outcome: "refused", detail: "pause-writes needs args.pauseMs" };
        const info = parseInfo(await abortable(redis.info("replication"), context.signal));
        if (info.role !== "master") return { outcome: "refused", detail: `not a primary (role ${info.role ?? "unknown"}): only a primary's writes are paused` };
        const until = new Date(Date.now() + pauseMs);
        await abortable(redis.call("CLIENT", "PAUSE", String(pauseMs), "WRITE"), context.signal);
        // Read after the pause took effect: no write can move the offset any more (the outcome's replication reads it again).
        const after = parseInfo(await abortable(redis.info("replication"), context.signal));
        return { outcome: "succeeded", detail: `writes paused until ${until.toISOString()} (${pauseMs} ms) at offset ${after.master_repl_offset ?? "unknown"}` };
      },
      async unpause(_command, context): Promise<HandlerResult> {
        await abortable(redis.call("CLIENT", "UNPAUSE"), context.signal);
        return { outcome: "succeeded", detail: "writes unpaused (CLIENT UNPAUSE)" };
      },
      async "catch-up"(command, context): Promise<HandlerResult> {
        const wanted = command.args.offset;
        if (wanted === undefined) return { outcome: "refused", detail: "catch-up needs args.offset" };
        let reached = -1;
        let link = "unknown";
        let roundTripMs = 0;
        for (;;) {
          const asked = Date.now();
          const info = parseInfo(await abortable(redis.info("replication"), context.signal));
          roundTripMs = Date.now() - asked;
          if (info.role !== "slave") return { outcome: "refused", detail: `not a replica (role ${info.role ?? "unknown"}): nothing to catch up` };
          reached = toInt(info.slave_repl_offset) ?? -1;
          link = info.master_link_status ?? "unknown";
          if (link === "up" && reached >= wanted) return { outcome: "succeeded", detail: `reached offset ${reached} (wanted ${wanted}) from ${info.master_host}:${info.master_port}` };
          // Stop while there is still time to answer with the offset reached, before the executor's deadline does.
          if (context.remainingMs() <= CATCH_UP_POLL_MS + Math.max(25, 3 * roundTripMs) || context.signal.aborted) break;
          await sleep(CATCH_UP_POLL_MS);
        }
        return { outcome: "failed", detail: `did not reach offset ${wanted} before the deadline: at ${reached}, link ${link}` };
      },
    },
    replication: (signal) => readReplication(signal),
    readReplication,
    setMembership(next) {
      membership = next;
    },
    async sample(): Promise<IntegrationSample> {
      let latencyMs: number | undefined;
      try {
        latencyMs = await ping();
        // Answering again: the next failure is news and is logged.
        lastErrors.delete(`redis ${options.address}`);
        lastErrors.delete(`redis ${options.address} PING`);
      } catch (error) {
        reportError(`redis ${options.address} PING`)(error instanceof Error ? error : new Error(message(error)));
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
