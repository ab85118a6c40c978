import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ADMIN = { email: "admin@test.local", password: "admin-password-1" };
export const API_TOKEN = "vap_test_admin_token_0123456789";
export const AGENT_TOKEN = "vat_test_agent_token_0123456789";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type VigilProcess = {
  url: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no flush, no goodbye. */
  kill: () => Promise<void>;
  /** Starts a new server process on the same port and database. */
  restart: () => Promise<VigilProcess>;
  cleanup: () => void;
};

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * `npm run test:postgres` (VIGIL_TEST_DATABASE=postgresql) or VIGIL_TEST_POSTGRES_URL runs the
 * suite on PostgreSQL: every started Vigil gets its own fresh schema in that database.
 */
export const TEST_POSTGRES_URL = process.env.VIGIL_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";

export function testDatabaseKind(): "sqlite" | "postgresql" {
  return process.env.VIGIL_TEST_DATABASE === "postgresql" || Boolean(process.env.VIGIL_TEST_POSTGRES_URL) ? "postgresql" : "sqlite";
}

export type ThrowawaySchema = { url: string; schema: string; drop: () => void };

/**
 * A unique PostgreSQL schema (created by the first `migrate deploy` on `url`) and a synchronous
 * drop, so a test's cleanup can stay synchronous. The name is random: parallel test processes
 * and an aborted earlier run never collide.
 */
export function throwawayPostgresSchema(prefix = "vigil_test", baseUrl = TEST_POSTGRES_URL): ThrowawaySchema {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  return { url: url.toString(), schema, drop: () => dropPostgresSchema(baseUrl, schema) };
}

/** Drops a schema and everything in it, in a child process so the caller need not await. */
export function dropPostgresSchema(baseUrl: string, schema: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`refusing to drop schema "${schema}"`);
  const url = new URL(baseUrl);
  url.searchParams.delete("schema");
  const script = `
    const pg = require("pg");
    const client = new pg.Client({ connectionString: process.argv[1] });
    client.connect()
      .then(() => client.query('DROP SCHEMA IF EXISTS "${schema}" CASCADE'))
      .then(() => client.end(), (error) => { console.error(error.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ["-e", script, url.toString()], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) throw new Error(`could not drop schema ${schema}: ${result.stderr || result.error?.message}`);
}

type StartOptions = { env?: Record<string, string>; dataDir?: string; port?: number; database?: ThrowawaySchema };

/**
 * A real Vigil server process (production build) on a free loopback port, storing in a temp
 * SQLite file, or in a fresh PostgreSQL schema when the suite runs on PostgreSQL.
 */
export async function startVigil(options: StartOptions = {}): Promise<VigilProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "vigil-test-"));
  const port = options.port ?? (await freePort());
  const database = options.database ?? (testDatabaseKind() === "postgresql" ? throwawayPostgresSchema() : null);
  const databaseUrl = database ? database.url : `file:${join(dataDir, "vigil.db")}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      VIGIL_ADMIN_EMAIL: ADMIN.email,
      VIGIL_ADMIN_PASSWORD: ADMIN.password,
      VIGIL_API_TOKEN: API_TOKEN,
      VIGIL_AGENT_TOKEN: AGENT_TOKEN,
      // Tests run their receivers and hooks on loopback, which outbound requests refuse unless
      // allow-listed; a test passes VIGIL_OUTBOUND_ALLOW: "" to see the default.
      VIGIL_OUTBOUND_ALLOW: "127.0.0.0/8,::1/128",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 60_000;
  while (!output.includes("Vigil listening")) {
    // A server that never started leaves no handle to clean up with: drop a schema made for it here.
    if (child.exitCode !== null) {
      if (database && !options.database) database.drop();
      throw new Error(`Vigil exited early:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await exited;
      if (database && !options.database) database.drop();
      throw new Error(`Vigil did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const handle: VigilProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    dataDir,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    restart: () => startVigil({ ...options, dataDir, port, ...(database ? { database } : {}) }),
    cleanup() {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      // The killed server's connections end with it; DROP waits for any lock they still hold.
      database?.drop();
    },
  };
  return handle;
}

export async function api<T = unknown>(server: { url: string }, path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${init.token ?? API_TOKEN}`);
  if (init.body) headers.set("content-type", "application/json");
  const response = await fetch(server.url + path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
