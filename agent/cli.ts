import { Command, InvalidArgumentError, Option } from "commander";
import type { Metrics, Replication } from "../lib/protocol/agent";
import { AgentClient } from "./client";
import { CommandExecutor, createFileCommandStore } from "./commands";
import { HostMetricsCollector } from "./collectors/host-metrics";
import { LatencyProbe } from "./collectors/latency-probe";
import {
  ConfigError,
  readConfigFile,
  resolveAgentConfig,
  resolveRedisConnection,
  type AgentConfig,
  type PartialAgentConfig,
  type RedisConnectionSettings,
} from "./config";
import { createDiskSpool } from "./disk-spool";
import { fileCredentialStore } from "./credential-file";
import { createHookIntegration } from "./hooks";
import { createRedisIntegration } from "./integrations/redis";
import { LogTailer } from "./log-tail";
import { createConsoleLogger } from "./logger";
import { AGENT_VERSION } from "./version";

type CliOptions = {
  config?: string;
  server?: string;
  token?: string;
  nodeId?: string;
  hostname?: string;
  address?: string;
  zone?: string;
  group?: string;
  role?: string;
  label: string[];
  weight?: number;
  logFile: string[];
  logFromStart?: boolean;
  probeHttp?: string;
  probeTcp?: string;
  interval?: number;
  diskPath?: string;
  spoolDir?: string;
  spoolMaxBytes?: number;
  redis?: string;
  peer: string[];
  redisUser?: string;
  redisPasswordFile?: string;
  /** Accepted only to refuse it with a pointer to the file and environment options. */
  redisPassword?: string;
  redisTls?: boolean;
  redisTlsCa?: string;
  redisTlsCert?: string;
  redisTlsKey?: string;
  redisTlsServername?: string;
  redisAnnounce?: string;
};

const collect = (value: string, previous: string[]) => [...previous, value];
const integer = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError("expected an integer");
  return parsed;
};
const positiveNumber = (value: string) => {
  const parsed = Number(value);
  if (!(parsed > 0)) throw new InvalidArgumentError("expected a positive number");
  return parsed;
};

const program = new Command()
  .name("vigil-agent")
  .description("Streams this host's heartbeats and logs to a Vigil server")
  .option("--config <file>", "JSON config file (lowest precedence, then env, then flags)")
  .option("--server <url>", "Vigil server URL (env VIGIL_SERVER)")
  .option("--token <token>", "agent enrollment token (env VIGIL_AGENT_TOKEN)")
  .option("--node-id <id>", "stable node id (env VIGIL_NODE_ID)")
  .option("--hostname <name>", "reported hostname (default: os.hostname())")
  .option("--address <address>", "reported address")
  .option("--zone <zone>", "availability zone (env VIGIL_ZONE)")
  .option("--group <group>", "replica group (env VIGIL_GROUP)")
  .option("--role <role>", "primary or replica (env VIGIL_ROLE)")
  .option("--label <key=value>", "node label, repeatable", collect, [])
  .option("--weight <n>", "capacity weight", positiveNumber)
  .option("--log-file <path>", "log file to follow, repeatable", collect, [])
  .option("--log-from-start", "also ship what the log files hold at start (default: only new lines)")
  .option("--probe-http <url>", "probe a local service with HTTP GET each heartbeat")
  .option("--probe-tcp <host:port>", "probe a local service with a TCP connect each heartbeat")
  .option("--interval <ms>", "heartbeat interval until the server says otherwise", integer)
  .option("--disk-path <path>", "filesystem whose usage is reported (default /)")
  .option("--spool-dir <dir>", "offline spool directory (default ./data/agent-spool/<node-id>)")
  .option("--spool-max-bytes <n>", "offline spool bound (default 64 MiB)", integer)
  .option("--redis <host:port>", "report on and run recovery commands against this local redis-server (env VIGIL_REDIS)")
  .option("--peer <nodeId=host:port>", "override: another member's redis-server address, repeatable (default: the addresses Vigil lists for the group)", collect, [])
  .option("--redis-user <name>", "ACL user for AUTH (env VIGIL_REDIS_USER)")
  .option("--redis-password-file <path>", "file holding the Redis password (wins over env VIGIL_REDIS_PASSWORD)")
  .addOption(new Option("--redis-password <password>").hideHelp())
  .option("--redis-tls", "connect to Redis (local and peers) with TLS")
  .option("--redis-tls-ca <file>", "PEM CA bundle that signed the Redis servers' certificates (implies --redis-tls)")
  .option("--redis-tls-cert <file>", "PEM client certificate, for tls-auth-clients (implies --redis-tls)")
  .option("--redis-tls-key <file>", "PEM key of the client certificate (implies --redis-tls)")
  .option("--redis-tls-servername <name>", "name the Redis servers' certificates carry, if not the host connected to")
  .option("--redis-announce <host:port>", "address the peers reach this redis-server at (env VIGIL_REDIS_ANNOUNCE; default: what Redis announces)");

function flagsToConfig(options: CliOptions): PartialAgentConfig {
  const labels = options.label.length
    ? Object.fromEntries(
        options.label.map((pair) => {
          const index = pair.indexOf("=");
          if (index <= 0) throw new ConfigError(`--label expects key=value, got "${pair}"`);
          return [pair.slice(0, index), pair.slice(index + 1)];
        }),
      )
    : undefined;
  const peers = options.peer.length
    ? Object.fromEntries(
        options.peer.map((pair) => {
          const index = pair.indexOf("=");
          if (index <= 0) throw new ConfigError(`--peer expects nodeId=host:port, got "${pair}"`);
          return [pair.slice(0, index), pair.slice(index + 1)];
        }),
      )
    : undefined;
  const probe = options.probeHttp ? { http: options.probeHttp } : options.probeTcp ? { tcp: options.probeTcp } : undefined;
  // Only flags the user gave: an absent flag must not override the file or env.
  const flags: Record<string, unknown> = {
    server: options.server,
    token: options.token,
    nodeId: options.nodeId,
    hostname: options.hostname,
    address: options.address,
    zone: options.zone,
    group: options.group,
    role: options.role,
    labels,
    weight: options.weight,
    logFiles: options.logFile.length ? options.logFile : undefined,
    logFromStart: options.logFromStart,
    probe,
    heartbeatIntervalMs: options.interval,
    diskPath: options.diskPath,
    spoolDir: options.spoolDir,
    spoolMaxBytes: options.spoolMaxBytes,
    redis: options.redis,
    peers,
    redisUser: options.redisUser,
    redisPasswordFile: options.redisPasswordFile,
    redisTls: options.redisTls,
    redisTlsCa: options.redisTlsCa,
    redisTlsCert: options.redisTlsCert,
    redisTlsKey: options.redisTlsKey,
    redisTlsServername: options.redisTlsServername,
    redisAnnounce: options.redisAnnounce,
  };
  return flags as PartialAgentConfig; // validated by resolveAgentConfig
}

function loadConfig(options: CliOptions): AgentConfig {
  return resolveAgentConfig({
    file: options.config ? readConfigFile(options.config) : undefined,
    env: process.env,
    flags: flagsToConfig(options),
  });
}

async function run(config: AgentConfig, redisConnection: RedisConnectionSettings): Promise<void> {
  const logger = createConsoleLogger(`[${config.nodeId}]`);
  const spool = createDiskSpool({ dir: config.spoolDir, maxBytes: config.spoolMaxBytes });
  const collector = new HostMetricsCollector({ diskPath: config.diskPath });
  const probe = config.probe ? new LatencyProbe({ target: config.probe }) : undefined;
  const redis = config.redis
    ? createRedisIntegration({
        address: config.redis,
        peers: config.peers,
        ...redisConnection,
        announce: config.redisAnnounce,
        advertisedHost: config.address,
        hooks: config.hooks,
        selfNodeId: config.nodeId,
        logger,
      })
    : undefined;
  let commands: CommandExecutor;
  try {
    // Fencing epoch and recent command outcomes live next to the spool and survive restarts.
    commands = new CommandExecutor({
      integration: redis ?? createHookIntegration(config.hooks),
      store: createFileCommandStore(config.spoolDir),
      logger,
    });
  } catch (error) {
    logger.error(`cannot load command state: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  let stopping = false;

  const client = new AgentClient({
    serverUrl: config.server,
    token: config.token,
    // Next to the spool: the state directory a rebuilt host loses, and with it its identity.
    credentials: fileCredentialStore(config.spoolDir),
    nodeId: config.nodeId,
    spool,
    logger,
    commands,
    afterCommand: () => sendHeartbeat(),
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    hello: {
      hostname: config.hostname,
      address: config.address,
      zone: config.zone,
      labels: config.labels,
      weight: config.weight,
      group: config.group,
      role: config.role,
      agentVersion: AGENT_VERSION,
    },
    onFatal: (error) => {
      logger.error(`${error.message}; this agent cannot talk to this server, exiting`);
      void shutdown(2);
    },
  });

  const tailers = config.logFiles.map(
    (path) =>
      new LogTailer({
        path,
        fromStart: config.logFromStart,
        onEntries: (entries) => client.pushLogs(entries),
        onError: (error) => logger.warn(`cannot follow ${path}: ${error.message}`),
      }),
  );

  let timer: NodeJS.Timeout | undefined;
  const sendHeartbeat = async () => {
    try {
      const metrics: Metrics = await collector.collect();
      if (probe) Object.assign(metrics, await probe.probe());
      let replication: Replication | undefined;
      if (redis) {
        const sample = await redis.sample();
        if (sample.latencyMs !== undefined) metrics.latencyMs = sample.latencyMs;
        metrics.custom = { ...metrics.custom, ...sample.custom };
        replication = sample.replication;
        // The role Redis has now, for the hello of the next connect.
        if (replication) client.updateHello({ role: replication.role });
      }
      if (!stopping) client.pushHeartbeat(metrics, replication);
    } catch (error) {
      logger.error(`collecting metrics failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const tick = async () => {
    await sendHeartbeat();
    // Re-read the interval each time: the server may change it in the hello ack.
    if (!stopping) timer = setTimeout(tick, client.heartbeatIntervalMs);
  };

  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    if (timer) clearTimeout(timer);
    for (const tailer of tailers) tailer.stop();
    await client.stop(5000);
    await redis?.close();
    await spool.close();
    const { heartbeats, logs, awaitingHello } = client.stats();
    if (heartbeats.queued + logs.queued > 0) {
      logger.info(`stopped with ${heartbeats.queued} heartbeats and ${logs.queued} log entries spooled for next start`);
    }
    if (awaitingHello > 0) {
      logger.warn(`discarded ${awaitingHello} items collected before the server was ever reached`);
    }
    process.exit(code);
  }

  process.once("SIGTERM", () => void shutdown(0));
  process.once("SIGINT", () => void shutdown(0));

  logger.info(
    `starting: server ${config.server}, spool ${config.spoolDir}, ${tailers.length} log file(s)` +
      `${config.redis ? `, redis ${config.redis}${describeRedisConnection(redisConnection)}` : ""}, hooks: ${Object.keys(config.hooks).join(", ") || "none"}`,
  );
  client.start();
  for (const tailer of tailers) tailer.start();
  timer = setTimeout(tick, Math.min(1000, client.heartbeatIntervalMs));
}

/** What the start line says about the connection: whether there is a password, never which. */
function describeRedisConnection(connection: RedisConnectionSettings): string {
  const auth = connection.username ? ` as user ${connection.username}` : connection.password !== undefined ? " with a password" : "";
  return `${auth}${connection.tls ? " over TLS" : ""}`;
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<CliOptions>();
  let config: AgentConfig;
  let redisConnection: RedisConnectionSettings;
  try {
    if (options.redisPassword !== undefined) {
      // Anything on argv is readable by every user of the host (ps, /proc): the value is not echoed.
      throw new ConfigError("--redis-password is not accepted: a password on the command line is visible to every user of this host; use --redis-password-file <path> or the environment variable VIGIL_REDIS_PASSWORD");
    }
    config = loadConfig(options);
    redisConnection = resolveRedisConnection(config, process.env);
    // Read once; hooks and other children do not inherit it.
    delete process.env.VIGIL_REDIS_PASSWORD;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`vigil-agent: ${error.message}`);
    process.exit(2);
  }
  await run(config, redisConnection);
}

void main();
