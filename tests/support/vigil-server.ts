import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

type StartOptions = { env?: Record<string, string>; dataDir?: string; port?: number };

/** A real Vigil server process (production build) on a temp SQLite file and a free loopback port. */
export async function startVigil(options: StartOptions = {}): Promise<VigilProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "vigil-test-"));
  const port = options.port ?? (await freePort());
  const databaseUrl = `file:${join(dataDir, "vigil.db")}`;
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
    if (child.exitCode !== null) throw new Error(`Vigil exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
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
    restart: () => startVigil({ ...options, dataDir, port }),
    cleanup() {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
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
