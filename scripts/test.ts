/**
 * `npm test`: builds the app once (the end-to-end tests drive the production build), runs every
 * test file with Node's test runner on SQLite, then runs the integration tests that lean hardest
 * on the store again on PostgreSQL (POSTGRES_PASS; the PostgreSQL unit tests and the
 * several-instances test run on it in the first pass already). Set VIGIL_TEST_SKIP_BUILD=1 to
 * reuse an existing build, VIGIL_TEST_POSTGRES_PASS=0 to skip the second pass.
 * `npm run test:postgres` (VIGIL_TEST_DATABASE=postgresql, optionally VIGIL_TEST_POSTGRES_URL)
 * runs every file with each Vigil server on its own fresh PostgreSQL schema
 * (tests/support/vigil-server.ts); `--postgres` does the same.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
if (args.includes("--postgres")) process.env.VIGIL_TEST_DATABASE = "postgresql";
const paths = args.filter((arg) => arg !== "--postgres");
const roots = paths.length ? paths : ["lib", "agent", "components", "tests"];
const files = roots.flatMap((root) => (root.endsWith(".test.ts") ? [root] : testFilesUnder(root))).sort();

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : testFilesUnder(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

if (process.env.VIGIL_TEST_SKIP_BUILD !== "1") {
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

if (process.env.VIGIL_TEST_DATABASE === "postgresql" || process.env.VIGIL_TEST_POSTGRES_URL) {
  const base = process.env.VIGIL_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";
  console.log(`Vigil test servers store in PostgreSQL: a fresh schema each in ${base.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@")}`);
}

/**
 * The whole suite passes on PostgreSQL too (`npm run test:postgres`, about 16 minutes), but twice
 * over it would not fit CI's 20: these are the files whose servers exercise the most of the store
 * in the least time (ingest, acks and resume, recovery plans under the lease).
 */
const POSTGRES_PASS = ["tests/protocol.test.ts", "tests/recovery.test.ts"];

const runFiles = (testFiles: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...testFiles], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "test", ...env },
  }).status ?? 1;

const onPostgresAlready = process.env.VIGIL_TEST_DATABASE === "postgresql" || Boolean(process.env.VIGIL_TEST_POSTGRES_URL);
const status = runFiles(files, {});
if (paths.length > 0 || onPostgresAlready || process.env.VIGIL_TEST_POSTGRES_PASS === "0") process.exit(status);
console.log(`\nSecond pass on PostgreSQL (a fresh schema per server): ${POSTGRES_PASS.join(", ")}`);
const postgresStatus = runFiles(POSTGRES_PASS, { VIGIL_TEST_DATABASE: "postgresql" });
process.exit(status || postgresStatus);
