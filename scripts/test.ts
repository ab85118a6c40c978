/**
 * `npm test`: builds the app once (the end-to-end tests drive the production build), then runs
 * every test file with Node's test runner. Set VIGIL_TEST_SKIP_BUILD=1 to reuse an existing build.
 * `npm run test:postgres` (VIGIL_TEST_DATABASE=postgresql, optionally VIGIL_TEST_POSTGRES_URL)
 * runs the same files with every Vigil server on its own fresh PostgreSQL schema
 * (tests/support/vigil-server.ts); `--postgres` does the same.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
if (args.includes("--postgres")) process.env.VIGIL_TEST_DATABASE = "postgresql";
const paths = args.filter((arg) => arg !== "--postgres");
const roots = paths.length ? paths : ["lib", "agent", "tests"];
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

const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "test" },
});
process.exit(run.status ?? 1);
