import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { dataAddressSchema } from "../lib/protocol/agent";
import { labelsSchema, nodeIdSchema, replicaRoleSchema } from "../lib/protocol/common";
import { parseHostPort } from "./collectors/latency-probe";
import { HOOK_NAME_PATTERN } from "./hooks";

const probeSchema = z.union([
  z.object({ http: z.url() }).strict(),
  z
    .object({ tcp: z.string() })
    .strict()
    .refine((value) => canParseHostPort(value.tcp), "tcp probe must be host:port"),
]);

const hostPortSchema = z.string().refine(canParseHostPort, "must be host:port");

/** argv arrays run without a shell; the server can only name them. */
const hooksSchema = z
  .record(
    z.string().regex(HOOK_NAME_PATTERN, "hook names use letters, digits and . _ - and start with a letter or digit").max(64),
    z.array(z.string().max(4096)).min(1).max(256).refine((argv) => argv.length === 0 || argv[0].length > 0, "the program (first element) must not be empty"),
  )
  .refine((hooks) => Object.keys(hooks).length <= 64, "at most 64 hooks");

/** Everything but the defaults that depend on other fields (spoolDir needs nodeId). */
const fileConfigSchema = z
  .object({
    server: z.url(),
    token: z.string().min(1).max(512),
    nodeId: nodeIdSchema,
    hostname: z.string().min(1).max(200),
    address: z.string().max(200),
    zone: z.string().min(1).max(64),
    labels: labelsSchema,
    weight: z.number().positive().max(1000),
    group: z.string().min(1).max(128),
    role: replicaRoleSchema,
    heartbeatIntervalMs: z.number().int().min(100).max(300_000),
    logFiles: z.array(z.string().min(1)),
    /** Ship what log files already hold at start instead of only new lines. */
    logFromStart: z.boolean(),
    diskPath: z.string().min(1),
    probe: probeSchema,
    spoolDir: z.string().min(1),
    spoolMaxBytes: z.number().int().min(64 * 1024),
    /** host:port of the local redis-server this agent reports on and commands. */
    redis: hostPortSchema,
    /** nodeId → host:port of the other members' data-store servers: an optional override of Vigil's membership. */
    peers: z.record(nodeIdSchema, hostPortSchema),
    /** ACL user for AUTH (the password comes from redisPasswordFile or VIGIL_REDIS_PASSWORD, never from here). */
    redisUser: z.string().min(1).max(256),
    /** File holding the Redis password (one trailing newline is dropped). */
    redisPasswordFile: z.string().min(1),
    /** Connect to Redis (local and peers) with TLS; implied by any redisTls* file or name. */
    redisTls: z.boolean(),
    redisTlsCa: z.string().min(1),
    redisTlsCert: z.string().min(1),
    redisTlsKey: z.string().min(1),
    redisTlsServername: z.string().min(1).max(255),
    /** host:port the peers reach this redis-server at (default: what Redis announces). */
    redisAnnounce: z.string().refine((value) => dataAddressSchema.safeParse(value).success, "must be host:port ([v6]:port for IPv6)"),
    hooks: hooksSchema,
  })
  .partial()
  .strict();

export type PartialAgentConfig = z.infer<typeof fileConfigSchema>;

export const agentConfigSchema = fileConfigSchema.required({ server: true, token: true, nodeId: true });

export type AgentConfig = Required<Pick<PartialAgentConfig, "server" | "token" | "nodeId" | "hostname" | "labels" | "heartbeatIntervalMs" | "logFiles" | "logFromStart" | "diskPath" | "spoolDir" | "spoolMaxBytes" | "peers" | "hooks">> &
  Pick<
    PartialAgentConfig,
    "address" | "zone" | "weight" | "group" | "role" | "probe" | "redis" | "redisUser" | "redisPasswordFile" | "redisTls" | "redisTlsCa" | "redisTlsCert" | "redisTlsKey" | "redisTlsServername" | "redisAnnounce"
  >;

export type ConfigSources = {
  /** Parsed JSON of the --config file, untrusted. */
  file?: unknown;
  env?: Record<string, string | undefined>;
  /** Only the flags the user actually gave. */
  flags?: PartialAgentConfig;
};

const ENV_KEYS: [string, keyof PartialAgentConfig][] = [
  ["VIGIL_SERVER", "server"],
  ["VIGIL_AGENT_TOKEN", "token"],
  ["VIGIL_NODE_ID", "nodeId"],
  ["VIGIL_ZONE", "zone"],
  ["VIGIL_GROUP", "group"],
  ["VIGIL_ROLE", "role"],
  ["VIGIL_REDIS", "redis"],
  ["VIGIL_REDIS_USER", "redisUser"],
  ["VIGIL_REDIS_ANNOUNCE", "redisAnnounce"],
];

export class ConfigError extends Error {}

/** Merges file < env < flags, validates, and fills defaults. Throws ConfigError with all issues. */
export function resolveAgentConfig(sources: ConfigSources): AgentConfig {
  const file = check(fileConfigSchema, sources.file ?? {}, "config file");
  const envValues: Record<string, string> = {};
  for (const [variable, key] of ENV_KEYS) {
    const value = sources.env?.[variable];
    if (value !== undefined && value !== "") envValues[key] = value;
  }
  const env = check(fileConfigSchema, envValues, "environment");
  const flags = check(fileConfigSchema, dropUndefined(sources.flags ?? {}), "flags");
  const merged = check(agentConfigSchema, { ...file, ...env, ...flags }, "configuration");
  return {
    ...merged,
    hostname: merged.hostname ?? os.hostname(),
    labels: merged.labels ?? {},
    heartbeatIntervalMs: merged.heartbeatIntervalMs ?? 1000,
    logFiles: merged.logFiles ?? [],
    logFromStart: merged.logFromStart ?? false,
    diskPath: merged.diskPath ?? "/",
    spoolDir: merged.spoolDir ?? path.join("data", "agent-spool", merged.nodeId),
    spoolMaxBytes: merged.spoolMaxBytes ?? 64 * 1024 * 1024,
    peers: merged.peers ?? {},
    hooks: merged.hooks ?? {},
  };
}

export type RedisConnectionSettings = {
  username?: string;
  password?: string;
  tls?: { ca?: string; cert?: string; key?: string; servername?: string };
};

/**
 * The secrets and certificates of the Redis connections, read from files (PEM) and the
 * environment. The password: --redis-password-file wins over VIGIL_REDIS_PASSWORD (the file is
 * the explicit choice, the environment may be inherited). Never kept in AgentConfig, so no
 * printed configuration can hold it.
 */
export function resolveRedisConnection(
  config: Pick<AgentConfig, "redisUser" | "redisPasswordFile" | "redisTls" | "redisTlsCa" | "redisTlsCert" | "redisTlsKey" | "redisTlsServername">,
  env: Record<string, string | undefined>,
  readFile: (file: string) => string = (file) => fs.readFileSync(file, "utf8"),
): RedisConnectionSettings {
  const read = (file: string, what: string) => {
    try {
      return readFile(file);
    } catch (error) {
      // The error names the file and why (ENOENT, EACCES), never its content.
      throw new ConfigError(`cannot read the ${what} file ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  let password: string | undefined;
  if (config.redisPasswordFile !== undefined) {
    password = read(config.redisPasswordFile, "Redis password").replace(/\r?\n$/, "");
    if (password === "") throw new ConfigError(`the Redis password file ${config.redisPasswordFile} is empty`);
  } else if (env.VIGIL_REDIS_PASSWORD !== undefined && env.VIGIL_REDIS_PASSWORD !== "") {
    password = env.VIGIL_REDIS_PASSWORD;
  }
  if (config.redisUser !== undefined && password === undefined) {
    throw new ConfigError(`redis user ${config.redisUser} has no password: give --redis-password-file or VIGIL_REDIS_PASSWORD`);
  }
  const wantsTls =
    config.redisTls === true ||
    config.redisTlsCa !== undefined ||
    config.redisTlsCert !== undefined ||
    config.redisTlsKey !== undefined ||
    config.redisTlsServername !== undefined;
  if ((config.redisTlsCert === undefined) !== (config.redisTlsKey === undefined)) {
    throw new ConfigError("--redis-tls-cert and --redis-tls-key go together (the client certificate and its key)");
  }
  const settings: RedisConnectionSettings = {};
  if (config.redisUser !== undefined) settings.username = config.redisUser;
  if (password !== undefined) settings.password = password;
  if (wantsTls) {
    const tls: NonNullable<RedisConnectionSettings["tls"]> = {};
    if (config.redisTlsCa !== undefined) tls.ca = read(config.redisTlsCa, "Redis TLS CA");
    if (config.redisTlsCert !== undefined) tls.cert = read(config.redisTlsCert, "Redis TLS certificate");
    if (config.redisTlsKey !== undefined) tls.key = read(config.redisTlsKey, "Redis TLS key");
    if (config.redisTlsServername !== undefined) tls.servername = config.redisTlsServername;
    settings.tls = tls;
  }
  return settings;
}

export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function check<T>(schema: z.ZodType<T>, input: unknown, source: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
  throw new ConfigError(`invalid ${source}: ${detail}`);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function canParseHostPort(value: string): boolean {
  try {
    parseHostPort(value);
    return true;
  } catch {
    return false;
  }
}
