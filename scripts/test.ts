/**
 * `npm test`: runs the linter (when package.json has a `lint` script and no files are named), builds the app once (the
 * end-to-end tests drive the production build), runs the unit tests two files at a time and the
 * integration tests one after another on SQLite, then runs the integration tests that lean
 * hardest on the store, and the durability tests, again on PostgreSQL (POSTGRES_PASS; the
 * PostgreSQL unit tests and the several-instances test run on it in the first pass already).
 * Set VIGIL_TEST_SKIP_BUILD=1 to reuse an existing build, VIGIL_TEST_POSTGRES_PASS=0 to skip
 * the second pass. With CI=true every service the suite drives must be present: a missing one
 * fails the run up front instead of skipping tests.
 * `npm run test:postgres` (VIGIL_TEST_DATABASE=postgresql, optionally VIGIL_TEST_POSTGRES_URL)
 * runs every file with each Vigil server on its own fresh PostgreSQL schema
 * (tests/support/vigil-server.ts); `--postgres` does the same.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { ON_CI } from "../tests/support/requirements";
import { TEST_POSTGRES_URL } from "../tests/support/vigil-server";

const args = process.argv.slice(2);
if (args.includes("--postgres")) process.env.VIGIL_TEST_DATABASE = "postgresql";
const paths = args.filter((arg) => arg !== "--postgres");
const roots = paths.length ? paths : ["lib", "agent", "components", "tests"];
const files = roots.flatMap((root) => (root.endsWith(".test.ts") ? [root] : existsSync(root) ? testFilesUnder(root) : [])).sort();

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : testFilesUnder(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/**
 * Per file, enforced by the runner on each file's own process (a hung hook, test or open handle
 * fails that file), with room for a loaded 2-core machine: unit files take seconds to a minute,
 * the longest integration files a few minutes.
 */
const UNIT_FILE_TIMEOUT_MS = 5 * 60_000;
const INTEGRATION_FILE_TIMEOUT_MS = 10 * 60_000;

/**
 * The whole suite passes on PostgreSQL too (`npm run test:postgres`), but twice over it would
 * not fit CI's time: these are the files whose servers exercise the most of the store in the
 * least time (ingest, acks and resume, recovery plans under the lease) and the durability
 * tests (SIGKILL of the server mid-stream; the webhook outbox across a SIGKILL), the atomic first
 * admin (web-auth) and node writes retried across a refused write (write-retry).
 */
const POSTGRES_PASS = ["tests/protocol.test.ts", "tests/node-identity.test.ts", "tests/decommission.test.ts", "tests/recovery.test.ts", "tests/crash-recovery.test.ts", "tests/alerts.test.ts", "tests/web-auth.test.ts", "tests/write-retry.test.ts"];

const REDIS_URL = process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || "127.0.0.1", port: Number(port) || defaultPort, timeout: 2_000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });
}

const runs = (command: string, commandArgs: string[]) => spawnSync(command, commandArgs, { stdio: "ignore", timeout: 10_000 }).status === 0;

/** What CI must have; each missing one is named with where it comes from. */
async function missingOnCi(): Promise<string[]> {
  const missing: string[] = [];
  if (!(await reachable(TEST_POSTGRES_URL, 5432))) missing.push(`PostgreSQL at ${TEST_POSTGRES_URL.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@")}`);
  if (!(await reachable(REDIS_URL, 6379))) missing.push(`Redis at ${REDIS_URL}`);
  if (!runs(process.env.VIGIL_TEST_REDIS_SERVER ?? "redis-server", ["--version"])) missing.push("redis-server (Debian package redis-server)");
  if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) missing.push("Chromium (Debian package chromium)");
  if (!existsSync(process.env.VIGIL_TEST_NGINX ?? "/usr/sbin/nginx")) missing.push("nginx (Debian package nginx)");
  if (!runs(process.env.VIGIL_TEST_PROMTOOL ?? "promtool", ["--version"])) missing.push("promtool (Debian package prometheus)");
  return missing;
}

if (ON_CI) {
  const missing = await missingOnCi();
  if (missing.length) {
    console.error(`CI=true and the tests cannot run without:\n${missing.map((m) => `  - ${m}`).join("\n")}\n(.ci/run installs the Debian packages; PostgreSQL and Redis must be running.)`);
    process.exit(1);
  }
}

const packageScripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
// A run of chosen files is someone iterating on them; the whole suite is what must also lint clean.
if (packageScripts.lint && paths.length === 0) {
  const lint = spawnSync("npm", ["run", "lint"], { stdio: "inherit" });
  if (lint.status !== 0) process.exit(lint.status ?? 1);
}

if (process.env.VIGIL_TEST_SKIP_BUILD !== "1") {
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

if (process.env.VIGIL_TEST_DATABASE === "postgresql" || process.env.VIGIL_TEST_POSTGRES_URL) {
  const base = process.env.VIGIL_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";
  console.log(`Vigil test servers store in PostgreSQL: a fresh schema each in ${base.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@")}`);
}

type Pass = { files: string[]; concurrency: number; fileTimeoutMs: number; env?: Record<string, string> };

const runFiles = ({ files: testFiles, concurrency, fileTimeoutMs, env = {} }: Pass): number => {
  if (testFiles.length === 0) return 0;
  const runnerArgs = ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, `--test-timeout=${fileTimeoutMs}`, "--test-reporter=spec"];
  return (
    spawnSync(process.execPath, [...runnerArgs, ...testFiles], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "test", ...env },
    }).status ?? 1
  );
};

/**
 * Files under tests/ start servers, browsers and fleets: one at a time. The rest share nothing
 * (temp dirs, throwaway schemas, free ports) and start no server: two at a time, one per core.
 */
const isIntegration = (file: string) => file.split(/[\\/]/)[0] === "tests";
const unitStatus = runFiles({ files: files.filter((f) => !isIntegration(f)), concurrency: 2, fileTimeoutMs: UNIT_FILE_TIMEOUT_MS });
const integrationStatus = runFiles({ files: files.filter(isIntegration), concurrency: 1, fileTimeoutMs: INTEGRATION_FILE_TIMEOUT_MS });
const status = unitStatus || integrationStatus;

const onPostgresAlready = process.env.VIGIL_TEST_DATABASE === "postgresql" || Boolean(process.env.VIGIL_TEST_POSTGRES_URL);
if (paths.length > 0 || onPostgresAlready || process.env.VIGIL_TEST_POSTGRES_PASS === "0") process.exit(status);
console.log(`\nSecond pass on PostgreSQL (a fresh schema per server): ${POSTGRES_PASS.join(", ")}`);
const postgresStatus = runFiles({ files: POSTGRES_PASS, concurrency: 1, fileTimeoutMs: INTEGRATION_FILE_TIMEOUT_MS, env: { VIGIL_TEST_DATABASE: "postgresql" } });
process.exit(status || postgresStatus);
