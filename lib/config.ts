import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./store/database-url";

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  NODE_ENV: z.string().default("development"),
  VIGIL_ADMIN_EMAIL: optionalText,
  VIGIL_ADMIN_PASSWORD: optionalText,
  VIGIL_API_TOKEN: optionalText,
  VIGIL_AGENT_TOKEN: optionalText,
  VIGIL_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  VIGIL_SUSPECT_PHI: z.coerce.number().positive().default(3),
  VIGIL_DOWN_PHI: z.coerce.number().positive().default(8),
  VIGIL_DISCONNECT_CONFIRM_MS: z.coerce.number().int().min(0).default(3000),
  VIGIL_STARTUP_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  VIGIL_RAW_RETENTION_HOURS: seconds(24),
  VIGIL_ROLLUP_1M_RETENTION_DAYS: seconds(14),
  VIGIL_ROLLUP_1H_RETENTION_DAYS: seconds(365),
  VIGIL_LOG_RETENTION_DAYS: seconds(7),
  VIGIL_EVENT_RETENTION_DAYS: seconds(90),
  VIGIL_INGEST_FLUSH_MS: z.coerce.number().int().min(1).max(1000).default(25),
  VIGIL_INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(2000),
  VIGIL_AGENT_EVENTS_PER_SEC: z.coerce.number().positive().default(200),
  VIGIL_AGENT_EVENT_BURST: z.coerce.number().positive().default(2000),
  VIGIL_SESSION_DAYS: z.coerce.number().positive().default(14),
  VIGIL_SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
  VIGIL_EXTERNAL_URL: optionalText,
  REDIS_URL: optionalText,
  VIGIL_INSTANCE_ID: optionalText,
  VIGIL_LEASE_TTL_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  production: boolean;
  bootstrap: { adminEmail?: string; adminPassword?: string; apiToken?: string; agentToken?: string };
  detection: {
    heartbeatIntervalMs: number;
    suspectPhi: number;
    downPhi: number;
    disconnectConfirmMs: number;
    startupGraceMs: number;
  };
  retention: { rawMs: number; rollup1mMs: number; rollup1hMs: number; logsMs: number; eventsMs: number };
  ingest: { flushMs: number; maxBatch: number; eventsPerSec: number; eventBurst: number };
  sessionDays: number;
  secureCookies: "auto" | "true" | "false";
  /** This Vigil's address as receivers should link to it. */
  externalUrl: string;
  cluster: {
    /** Unique per process among instances sharing a database (default hostname:port). */
    instanceId: string;
    /** Joins the Socket.IO servers of several instances; unset = one instance. */
    redisUrl: string | undefined;
    /** A leader that cannot renew its lease is replaced after at most this long. */
    leaseTtlMs: number;
  };
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid configuration: ${detail}`);
  }
  const e = parsed.data;
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
    },
    sessionDays: e.VIGIL_SESSION_DAYS,
    secureCookies: e.VIGIL_SECURE_COOKIES,
    externalUrl: e.VIGIL_EXTERNAL_URL ?? `http://localhost:${e.PORT}`,
    cluster: {
      instanceId: e.VIGIL_INSTANCE_ID ?? `${hostname()}:${e.PORT}`,
      redisUrl: e.REDIS_URL,
      leaseTtlMs: e.VIGIL_LEASE_TTL_MS,
    },
  };
}
