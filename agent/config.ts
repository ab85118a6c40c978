import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
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
    /** nodeId → host:port of the other members' data-store servers. */
    peers: z.record(nodeIdSchema, hostPortSchema),
    hooks: hooksSchema,
  })
  .partial()
  .strict();

export type PartialAgentConfig = z.infer<typeof fileConfigSchema>;

export const agentConfigSchema = fileConfigSchema.required({ server: true, token: true, nodeId: true });

export type AgentConfig = Required<Pick<PartialAgentConfig, "server" | "token" | "nodeId" | "hostname" | "labels" | "heartbeatIntervalMs" | "logFiles" | "logFromStart" | "diskPath" | "spoolDir" | "spoolMaxBytes" | "peers" | "hooks">> &
  Pick<PartialAgentConfig, "address" | "zone" | "weight" | "group" | "role" | "probe" | "redis">;

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
