import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_GROUPING_SETTINGS } from "./grouping/settings";
import { isCidr } from "./net/address-ranges";
import { RECOVERY_MODES } from "./recovery/policy";
import { DEFAULT_DATABASE_URL } from "./store/database-url";

/**
 * Every environment variable the Vigil server reads, declared once. Each declaration carries the
 * zod schema that parses it and the words the README table and the start-up errors use, built
 * from the same bounds, so the documentation cannot drift from what is enforced.
 */
type Setting = {
  schema: z.ZodType;
  /** What a valid value looks like, e.g. "one of off, dry-run, approval, auto". */
  accepts: string;
  /** The default as the README shows it ("–" when unset means "none"). */
  shownDefault: string;
  doc: string;
  /** Never echoed back: tokens and passwords. URLs are shown with their credentials masked. */
  secret?: boolean;
};

const NO_DEFAULT = "–";

function integer(bounds: { default: number; min: number; max: number }, doc: string) {
  return {
    schema: z.coerce.number().int().min(bounds.min).max(bounds.max).default(bounds.default),
    accepts: `an integer from ${bounds.min} to ${bounds.max}`,
    shownDefault: String(bounds.default),
    doc,
  } satisfies Setting;
}

function positive(bounds: { default: number; max: number }, doc: string) {
  return {
    schema: z.coerce.number().positive().max(bounds.max).default(bounds.default),
    accepts: `a number above 0, at most ${bounds.max}`,
    shownDefault: String(bounds.default),
    doc,
  } satisfies Setting;
}

function oneOf<const V extends readonly [string, ...string[]]>(values: V, fallback: V[number], doc: string) {
  return {
    schema: z.enum(values).default(fallback),
    accepts: `one of ${values.join(", ")}`,
    shownDefault: fallback,
    doc,
  } satisfies Setting;
}

function text(fallback: string, doc: string) {
  return { schema: z.string().default(fallback), accepts: "any text", shownDefault: fallback, doc } satisfies Setting;
}

function optionalText(doc: string, options: { secret?: boolean; shownDefault?: string } = {}) {
  return {
    schema: z.string().optional(),
    accepts: "any text",
    shownDefault: options.shownDefault ?? NO_DEFAULT,
    doc,
    secret: options.secret,
  } satisfies Setting;
}

function urlStartingWith(schemes: readonly string[]) {
  return {
    schema: z.string().refine((value) => schemes.some((scheme) => value.toLowerCase().startsWith(scheme))),
    accepts: `a URL starting with ${schemes.join(" or ")}`,
  };
}

function url(schemes: readonly string[], fallback: string, doc: string) {
  const { schema, accepts } = urlStartingWith(schemes);
  return { schema: schema.default(fallback), accepts, shownDefault: fallback, doc } satisfies Setting;
}

function optionalUrl(schemes: readonly string[], doc: string, shownDefault = NO_DEFAULT) {
  const { schema, accepts } = urlStartingWith(schemes);
  return { schema: schema.optional(), accepts, shownDefault, doc } satisfies Setting;
}

/** At least 24 characters: a short shared token is guessable, so it refuses to start. */
function bootstrapToken(doc: string) {
  return {
    schema: z.string().min(BOOTSTRAP_TOKEN_MIN_LENGTH).max(512).optional(),
    accepts: `${BOOTSTRAP_TOKEN_MIN_LENGTH} to 512 characters (a short shared token is guessable; make one with \`openssl rand -base64 32\`)`,
    shownDefault: NO_DEFAULT,
    doc,
    secret: true,
  } satisfies Setting;
}

const CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:.]*:[0-9a-f:.]*\/\d{1,3})$/i;

/** Comma-separated CIDRs; parsed into ranges by lib/net/address-ranges.ts. */
function cidrList(doc: string) {
  return {
    schema: z
      .string()
      .transform((value) => value.split(",").map((part) => part.trim()).filter((part) => part !== ""))
      // The pattern asks for the "/prefix"; isCidr for octets and prefix lengths in range.
      .refine((parts) => parts.every((part) => CIDR.test(part) && isCidr(part)))
      .default([]),
    accepts: "comma-separated CIDRs (e.g. `10.0.0.0/8,fd00::/8`)",
    shownDefault: NO_DEFAULT,
    doc,
  } satisfies Setting;
}

/** Grouping intervals are seconds; "10s" is read as 10 as well (the unit operators tend to add). */
const groupingInterval = {
  schema: z
    .string()
    .regex(/^\d+s?$/)
    .transform((value) => Number(value.replace(/s$/, "")))
    .pipe(z.number().int().min(1).max(3600))
    .default(DEFAULT_GROUPING_SETTINGS.intervalSeconds),
  accepts: "whole seconds from 1 to 3600 (e.g. 10 or 10s)",
  shownDefault: String(DEFAULT_GROUPING_SETTINGS.intervalSeconds),
  doc: "seconds between load-grouping runs until an operator saves grouping settings",
} satisfies Setting;

const HOUR_LIMIT = 24 * 365 * 10;
export const BOOTSTRAP_TOKEN_MIN_LENGTH = 24;
const MiB = 1024 * 1024;
const BYTE_LIMIT = 64 * 1024 * MiB;
const DAY_LIMIT = 365 * 10;

export const SETTINGS = {
  PORT: integer({ default: 3000, min: 0, max: 65535 }, "HTTP and Socket.IO port"),
  HOST: text("0.0.0.0", "listen address"),
  DATABASE_URL: url(
    ["file:", "postgresql://", "postgres://"],
    DEFAULT_DATABASE_URL,
    "SQLite file, or `postgresql://user@host:5432/db?schema=vigil` (migrations are applied at start)",
  ),
  REDIS_URL: optionalUrl(["redis://", "rediss://"], "joins several instances (Socket.IO Redis adapter); unset = one instance"),
  NODE_ENV: oneOf(["development", "production", "test"], "development", "`production` serves the built app; otherwise Next.js runs in development mode"),
  VIGIL_INSTANCE_ID: optionalText("this instance's name in the cluster view and the leader lease", { shownDefault: "`<hostname>:<port>`" }),
  VIGIL_LEASE_TTL_MS: integer({ default: 10_000, min: 1000, max: 120_000 }, "a dead leader is replaced within this long"),
  // Checked here with the same bounds as a user made in the UI, so a bad bootstrap admin names its variable.
  VIGIL_ADMIN_EMAIL: {
    schema: z.string().email().max(200).optional(),
    accepts: "an e-mail address",
    shownDefault: NO_DEFAULT,
    doc: "with `VIGIL_ADMIN_PASSWORD`: create this admin at start if missing",
  } satisfies Setting,
  VIGIL_ADMIN_PASSWORD: {
    schema: z.string().min(8).max(256).optional(),
    accepts: "8 to 256 characters",
    shownDefault: NO_DEFAULT,
    doc: "the password of `VIGIL_ADMIN_EMAIL`'s admin",
    secret: true,
  } satisfies Setting,
  VIGIL_API_TOKEN: bootstrapToken("accepted as an admin bearer token on `/api/v1` and `/ui`"),
  VIGIL_AGENT_TOKEN: bootstrapToken("accepted as an agent enrollment token on `/agent`"),
  VIGIL_HEARTBEAT_INTERVAL_MS: integer({ default: 1000, min: 100, max: 60_000 }, "interval agents are told to use; the detector's first estimate"),
  VIGIL_SUSPECT_PHI: positive({ default: 3, max: 1000 }, "phi above which a node is suspect"),
  VIGIL_DOWN_PHI: positive({ default: 8, max: 1000 }, "phi above which a node is down"),
  VIGIL_DISCONNECT_CONFIRM_MS: integer({ default: 3000, min: 0, max: 3_600_000 }, "a disconnected node is down after this long"),
  VIGIL_STARTUP_GRACE_MS: integer({ default: 5000, min: 0, max: 3_600_000 }, "no down verdicts this long after start"),
  VIGIL_RECONNECT_GRACE_MS: integer({ default: 30_000, min: 0, max: 3_600_000 }, "a node known from before a restart keeps its last state this long while its agent reconnects (agents back off up to 30 s)"),
  VIGIL_RAW_RETENTION_HOURS: positive({ default: 24, max: HOUR_LIMIT }, "hours of raw heartbeat samples kept"),
  VIGIL_ROLLUP_1M_RETENTION_DAYS: positive({ default: 14, max: DAY_LIMIT }, "days of 1-minute rollups (min/mean/max) kept"),
  VIGIL_ROLLUP_1H_RETENTION_DAYS: positive({ default: 365, max: DAY_LIMIT }, "days of 1-hour rollups (min/mean/max) kept"),
  VIGIL_LOG_RETENTION_DAYS: positive({ default: 7, max: DAY_LIMIT }, "days of agent logs kept"),
  VIGIL_EVENT_RETENTION_DAYS: positive({ default: 90, max: DAY_LIMIT }, "days of state-change events kept"),
  VIGIL_INGEST_FLUSH_MS: integer({ default: 25, min: 1, max: 1000 }, "ingest batch window"),
  VIGIL_INGEST_MAX_BATCH: integer({ default: 2000, min: 1, max: 10_000 }, "ingest batch size"),
  VIGIL_AGENT_EVENTS_PER_SEC: positive({ default: 200, max: 1_000_000 }, "per-agent rate limit (events per second)"),
  VIGIL_AGENT_EVENT_BURST: positive({ default: 2000, max: 1_000_000 }, "per-agent rate limit (burst)"),
  VIGIL_AGENT_BYTES_PER_SEC: integer({ default: MiB, min: 1024, max: BYTE_LIMIT }, "per-agent byte budget (bytes per second, counted on the packets as received)"),
  VIGIL_AGENT_BYTE_BURST: integer({ default: 8 * MiB, min: 1024, max: BYTE_LIMIT }, "per-agent byte budget (burst)"),
  VIGIL_TOKEN_BYTES_PER_SEC: integer({ default: 64 * MiB, min: 1024, max: BYTE_LIMIT }, "byte budget shared by all agents of one enrollment token on one instance (bytes per second)"),
  VIGIL_TOKEN_BYTE_BURST: integer({ default: 256 * MiB, min: 1024, max: BYTE_LIMIT }, "byte budget of one enrollment token (burst)"),
  VIGIL_INGEST_MAX_BACKLOG_BYTES: integer({ default: 128 * MiB, min: 1024, max: BYTE_LIMIT }, "heartbeats and logs waiting to be written (estimated bytes); past it agents are told to retry later"),
  VIGIL_AGENT_MAX_CLOCK_SKEW_MS: integer({ default: 300_000, min: 1000, max: 86_400_000 }, "heartbeats and log lines dated further ahead of Vigil's clock are refused"),
  VIGIL_AGENT_MAX_SEQ_JUMP: integer({ default: 1_000_000, min: 1000, max: 1_000_000_000 }, "a seq this far above a node's stored high-water mark is refused (the agent renumbers its spool)"),
  VIGIL_SESSION_DAYS: positive({ default: 14, max: DAY_LIMIT }, "session lifetime in days"),
  VIGIL_SESSION_IDLE_MINUTES: integer({ default: 0, min: 0, max: DAY_LIMIT * 24 * 60 }, "a session unused this long ends (0 = only `VIGIL_SESSION_DAYS` ends it)"),
  VIGIL_OUTBOUND_ALLOW: cidrList(
    "address ranges (CIDRs, comma-separated) that receivers and recovery hooks may reach although loopback, private, link-local or metadata; e.g. `10.0.0.0/8,127.0.0.1/32`",
  ),
  VIGIL_TRUSTED_PROXIES: cidrList(
    "reverse proxies (CIDRs, comma-separated) whose `X-Forwarded-For` names the client for the login throttle and the audit log; unset = the socket's peer is the client",
  ),
  VIGIL_SECURE_COOKIES: oneOf(["auto", "true", "false"], "auto", "`Secure` cookies: `auto` (when the request is HTTPS), `true`, `false`"),
  VIGIL_GROUPING_INTERVAL: groupingInterval,
  VIGIL_RECOVERY_MODE: oneOf(RECOVERY_MODES, "auto", "default recovery policy mode until an operator saves policies"),
  VIGIL_EXTERNAL_URL: optionalUrl(["http://", "https://"], "this Vigil's address, for links in webhooks", "`http://localhost:$PORT`"),
  VIGIL_SENTINEL_PORT: {
    schema: z.coerce.number().int().min(1).max(65535).optional(),
    accepts: "an integer from 1 to 65535",
    shownDefault: NO_DEFAULT,
    doc: "unset = off. Serves a Redis Sentinel-compatible endpoint (RESP) on this port: applications find each replica group's primary (master name = group id) and follow `+switch-master`; see docs/replacing-sentinel.md",
  } satisfies Setting,
  // Like Sentinel (all interfaces) and Vigil's own HTTP (`HOST`): applications on other hosts must reach it.
  VIGIL_SENTINEL_HOST: optionalText("listen address of the Sentinel-compatible endpoint", { shownDefault: "`$HOST`" }),
  VIGIL_SENTINEL_PASSWORD: {
    schema: z.string().min(1).max(512).optional(),
    accepts: "1 to 512 characters",
    shownDefault: NO_DEFAULT,
    doc: "when set, Sentinel clients must `AUTH` with it (their `sentinelPassword`) before any command but `AUTH`, `HELLO … AUTH` and `QUIT`",
    secret: true,
  } satisfies Setting,
  VIGIL_NEXT_DIST_DIR: text(".next", "build folder, read by next.config.ts at build and start (lets several checkouts build and test on one machine)"),
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
type Shape = { [K in SettingName]: (typeof SETTINGS)[K]["schema"] };

const shape = Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.schema])) as Shape;
const envSchema = z.object(shape);
export type EnvValues = z.infer<typeof envSchema>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The settings as the server uses them: grouped, in milliseconds where they are durations. */
function toConfig(e: EnvValues) {
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    production: e.NODE_ENV === "production",
    bootstrap: {
      adminEmail: e.VIGIL_ADMIN_EMAIL,
      adminPassword: e.VIGIL_ADMIN_PASSWORD,
      apiToken: e.VIGIL_API_TOKEN,
      agentToken: e.VIGIL_AGENT_TOKEN,
    },
    detection: {
      heartbeatIntervalMs: e.VIGIL_HEARTBEAT_INTERVAL_MS,
      suspectPhi: e.VIGIL_SUSPECT_PHI,
      downPhi: e.VIGIL_DOWN_PHI,
      disconnectConfirmMs: e.VIGIL_DISCONNECT_CONFIRM_MS,
      startupGraceMs: e.VIGIL_STARTUP_GRACE_MS,
      reconnectGraceMs: e.VIGIL_RECONNECT_GRACE_MS,
    },
    retention: {
      rawMs: e.VIGIL_RAW_RETENTION_HOURS * HOUR,
      rollup1mMs: e.VIGIL_ROLLUP_1M_RETENTION_DAYS * DAY,
      rollup1hMs: e.VIGIL_ROLLUP_1H_RETENTION_DAYS * DAY,
      logsMs: e.VIGIL_LOG_RETENTION_DAYS * DAY,
      eventsMs: e.VIGIL_EVENT_RETENTION_DAYS * DAY,
    },
    ingest: {
      flushMs: e.VIGIL_INGEST_FLUSH_MS,
      maxBatch: e.VIGIL_INGEST_MAX_BATCH,
      eventsPerSec: e.VIGIL_AGENT_EVENTS_PER_SEC,
      eventBurst: e.VIGIL_AGENT_EVENT_BURST,
      bytesPerSec: e.VIGIL_AGENT_BYTES_PER_SEC,
      byteBurst: e.VIGIL_AGENT_BYTE_BURST,
      tokenBytesPerSec: e.VIGIL_TOKEN_BYTES_PER_SEC,
      tokenByteBurst: e.VIGIL_TOKEN_BYTE_BURST,
      maxBacklogBytes: e.VIGIL_INGEST_MAX_BACKLOG_BYTES,
      maxClockSkewMs: e.VIGIL_AGENT_MAX_CLOCK_SKEW_MS,
      maxSeqJump: e.VIGIL_AGENT_MAX_SEQ_JUMP,
    },
    sessionDays: e.VIGIL_SESSION_DAYS,
    /** 0 = sessions end only at `sessionDays`. */
    sessionIdleMs: e.VIGIL_SESSION_IDLE_MINUTES * 60_000,
    /** CIDRs outbound requests may reach although internal (lib/net/outbound.ts). */
    outboundAllow: e.VIGIL_OUTBOUND_ALLOW,
    /** CIDRs of reverse proxies whose X-Forwarded-For is believed (lib/http/client-address.ts). */
    trustedProxies: e.VIGIL_TRUSTED_PROXIES,
    secureCookies: e.VIGIL_SECURE_COOKIES,
    /** The fleet-wide default until an operator saves policies. */
    recoveryMode: e.VIGIL_RECOVERY_MODE,
    /** Seconds between grouping runs until an operator saves grouping settings. */
    groupingIntervalSeconds: e.VIGIL_GROUPING_INTERVAL,
    /** This Vigil's address as receivers should link to it. */
    externalUrl: e.VIGIL_EXTERNAL_URL ?? `http://localhost:${e.PORT}`,
    nextDistDir: e.VIGIL_NEXT_DIST_DIR,
    /** The Sentinel-compatible endpoint (lib/sentinel); off while `port` is null. */
    sentinel: {
      port: e.VIGIL_SENTINEL_PORT ?? null,
      host: e.VIGIL_SENTINEL_HOST ?? e.HOST,
      password: e.VIGIL_SENTINEL_PASSWORD ?? null,
    },
    cluster: {
      /** Unique per process among instances sharing a database (default hostname:port). */
      instanceId: e.VIGIL_INSTANCE_ID ?? `${hostname()}:${e.PORT}`,
      /** Joins the Socket.IO servers of several instances; unset = one instance. */
      redisUrl: e.REDIS_URL,
      /** A leader that cannot renew its lease is replaced after at most this long. */
      leaseTtlMs: e.VIGIL_LEASE_TTL_MS,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Masks a URL's password (also Redis' user-less `:password@`) and secret-looking query parameters. */
export function maskUrlCredentials(value: string): string {
  const passwordMasked = value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@?#:]*):[^/@?#]*@/i, "$1:***@");
  return passwordMasked.replace(/([?&][^=&#]*(?:pass|secret|token|key)[^=&#]*=)[^&#]*/gi, "$1***");
}

/** A value as start-up errors may show it: secrets never, URLs without their credentials. */
export function shownValue(name: SettingName, value: string): string {
  const setting: Setting = SETTINGS[name];
  if (setting.secret) return `<hidden, ${value.length} characters>`;
  return `"${maskUrlCredentials(value)}"`;
}

/**
 * Blank counts as unset (a `VAR=` line in an env file means "no value", not "the empty value"),
 * surrounding spaces are dropped, and variables Vigil does not declare are ignored.
 */
function declaredValues(env: Record<string, string | undefined>): Partial<Record<SettingName, string>> {
  const values: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const value = env[name]?.trim();
    if (value) values[name] = value;
  }
  return values;
}

/** Parses the environment; every refused value becomes one line naming the variable, the value and what is accepted. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const values = declaredValues(env);
  const parsed = envSchema.safeParse(values);
  if (parsed.success) return { ok: true, config: toConfig(parsed.data) };
  const refused = new Set(parsed.error.issues.map((issue) => issue.path[0] as SettingName));
  const problems = [...refused].map((name) => `${name}=${shownValue(name, values[name] ?? "")} is not accepted: ${SETTINGS[name].accepts}`);
  return { ok: false, problems };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Set variables whose names are one or two letters off a declared one (VIGIL_RECOVERY_MDOE): they
 * are ignored, so their setting silently keeps its default; server.ts warns about each.
 */
export function misspelledNames(env: Record<string, string | undefined>): { name: string; meant: SettingName }[] {
  // Only VIGIL_ names: short common ones (HOME, PATH) sit within two letters of HOST and PORT.
  const declared = (Object.keys(SETTINGS) as SettingName[]).filter((name) => name.startsWith("VIGIL_"));
  return Object.keys(env)
    .filter((name) => /^vigil_/i.test(name) && !(name in SETTINGS) && env[name]?.trim())
    .flatMap((name) => {
      const meant = declared.find((candidate) => Math.abs(candidate.length - name.length) <= 2 && editDistance(name.toUpperCase(), candidate) <= 2);
      return meant ? [{ name, meant }] : [];
    });
}

/** The start-up refusal as one message (server.ts prints it and exits). */
export function describeProblems(problems: string[]): string {
  return `Vigil refuses to start: invalid configuration\n${problems.map((problem) => `  ${problem}`).join("\n")}`;
}

/**
 * One parsed configuration per process. Next.js bundles route handlers apart from server.ts, so a
 * module-level variable would exist twice; the process-global slot (like getDb's) is shared.
 */
const CONFIG_KEY = Symbol.for("vigil.config");
type GlobalWithConfig = typeof globalThis & { [CONFIG_KEY]?: Config };

/** server.ts sets the configuration it validated at start, before anything reads it. */
export function setConfig(config: Config): void {
  (globalThis as GlobalWithConfig)[CONFIG_KEY] = config;
}

/** The process's environment, parsed: the one place in Vigil's server code that reads `process.env`. */
export function configFromEnvironment(): ConfigResult & { misspelled: ReturnType<typeof misspelledNames> } {
  return { ...parseConfig(process.env), misspelled: misspelledNames(process.env) };
}

/**
 * The process's configuration. When nothing set it (a route handler under `next dev`, a unit test),
 * the environment is parsed now, and an invalid value throws.
 */
export function getConfig(): Config {
  const slot = globalThis as GlobalWithConfig;
  if (slot[CONFIG_KEY]) return slot[CONFIG_KEY];
  const result = configFromEnvironment();
  if (!result.ok) throw new Error(describeProblems(result.problems));
  slot[CONFIG_KEY] = result.config;
  return result.config;
}

/** The README's configuration table, generated from SETTINGS (npm run docs:config writes it). */
export function configTableMarkdown(): string {
  const code = (value: string) => (value === NO_DEFAULT || value.startsWith("`") ? value : `\`${value}\``);
  const rows = (Object.entries(SETTINGS) as [SettingName, Setting][]).map(
    ([name, setting]) => `| \`${name}\` | ${code(setting.shownDefault)} | ${setting.accepts} | ${setting.doc} |`,
  );
  return ["| variable | default | accepted | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
