import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { README_PATH, readmeWithConfigTable } from "../scripts/config-table";
import { getConfig, maskUrlCredentials, misspelledNames, parseConfig, setConfig, shownValue, SETTINGS, type Config } from "./config";
import { groupingDefaults } from "./store/grouping";
import { recoveryModeDefault } from "./store/recovery";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

function configOf(env: Record<string, string>): Config {
  const result = parseConfig(env);
  assert.ok(result.ok, `expected ${JSON.stringify(env)} to be accepted, got ${result.ok ? "" : result.problems.join("; ")}`);
  return result.config;
}

function problemsOf(env: Record<string, string>): string[] {
  const result = parseConfig(env);
  assert.equal(result.ok, false, `expected ${JSON.stringify(env)} to be refused`);
  return result.ok ? [] : result.problems;
}

test("a typo in VIGIL_RECOVERY_MODE is refused, naming the variable, the value and what is accepted", () => {
  assert.deepEqual(problemsOf({ VIGIL_RECOVERY_MODE: "dryrun" }), [
    'VIGIL_RECOVERY_MODE="dryrun" is not accepted: one of off, dry-run, approval, auto',
  ]);
  assert.deepEqual(problemsOf({ VIGIL_RECOVERY_MODE: "Auto" }), ['VIGIL_RECOVERY_MODE="Auto" is not accepted: one of off, dry-run, approval, auto']);
  assert.equal(configOf({ VIGIL_RECOVERY_MODE: "dry-run" }).recoveryMode, "dry-run");
});

test("a bootstrap admin the users API would refuse is refused at start, naming its variable and hiding the password", () => {
  assert.deepEqual(problemsOf({ VIGIL_ADMIN_EMAIL: "a@b.c", VIGIL_ADMIN_PASSWORD: "short" }), [
    'VIGIL_ADMIN_EMAIL="a@b.c" is not accepted: an e-mail address',
    "VIGIL_ADMIN_PASSWORD=<hidden, 5 characters> is not accepted: 8 to 256 characters",
  ]);
  assert.equal(configOf({ VIGIL_ADMIN_EMAIL: "ops@example.com", VIGIL_ADMIN_PASSWORD: "long enough" }).bootstrap.adminEmail, "ops@example.com");
});

test("every refused variable is reported at once, in declaration order", () => {
  const problems = problemsOf({ PORT: "http", VIGIL_SECURE_COOKIES: "yes", VIGIL_GROUPING_INTERVAL: "10m", VIGIL_RECOVERY_MODE: "auto" });
  assert.deepEqual(problems, [
    'PORT="http" is not accepted: an integer from 0 to 65535',
    'VIGIL_SECURE_COOKIES="yes" is not accepted: one of auto, true, false',
    'VIGIL_GROUPING_INTERVAL="10m" is not accepted: whole seconds from 1 to 3600 (e.g. 10 or 10s)',
  ]);
});

test("defaults: an empty environment is a working single-instance SQLite setup", () => {
  const config = configOf({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, "0.0.0.0");
  assert.equal(config.databaseUrl, "file:./data/vigil.db");
  assert.equal(config.production, false);
  assert.equal(config.recoveryMode, "auto");
  assert.equal(config.secureCookies, "auto");
  assert.equal(config.sessionDays, 14);
  assert.equal(config.groupingIntervalSeconds, 10);
  assert.equal(config.externalUrl, "http://localhost:3000");
  assert.equal(config.cluster.redisUrl, undefined);
  assert.equal(config.cluster.leaseTtlMs, 10_000);
  assert.deepEqual(config.detection, { heartbeatIntervalMs: 1000, suspectPhi: 3, downPhi: 8, disconnectConfirmMs: 3000, startupGraceMs: 5000, reconnectGraceMs: 30_000 });
  assert.equal(config.retention.rawMs, 24 * 3_600_000);
  assert.equal(config.retention.eventsMs, 90 * 24 * 3_600_000);
  assert.deepEqual(config.bootstrap, { adminEmail: undefined, adminPassword: undefined, apiToken: undefined, agentToken: undefined });
});

test("a blank or padded value counts as unset or trimmed; variables Vigil does not declare are ignored", () => {
  const config = configOf({ PORT: " ", VIGIL_RECOVERY_MODE: "", VIGIL_SESSION_DAYS: " 30 ", VIGIL_TEST_DATABASE: "anything", VIGIL_SERVER: "x" });
  assert.equal(config.port, 3000);
  assert.equal(config.recoveryMode, "auto");
  assert.equal(config.sessionDays, 30);
});

test("values derived from others: external URL and instance id follow PORT unless set", () => {
  const config = configOf({ PORT: "4100" });
  assert.equal(config.externalUrl, "http://localhost:4100");
  assert.match(config.cluster.instanceId, /:4100$/);
  const set = configOf({ PORT: "4100", VIGIL_EXTERNAL_URL: "https://vigil.example.com", VIGIL_INSTANCE_ID: "a" });
  assert.equal(set.externalUrl, "https://vigil.example.com");
  assert.equal(set.cluster.instanceId, "a");
});

test("bounds: the edges are accepted, one step past them is refused", () => {
  assert.equal(configOf({ PORT: "65535" }).port, 65535);
  assert.deepEqual(problemsOf({ PORT: "65536" }), ['PORT="65536" is not accepted: an integer from 0 to 65535']);
  assert.equal(configOf({ VIGIL_LEASE_TTL_MS: "1000" }).cluster.leaseTtlMs, 1000);
  assert.deepEqual(problemsOf({ VIGIL_LEASE_TTL_MS: "999" }), ['VIGIL_LEASE_TTL_MS="999" is not accepted: an integer from 1000 to 120000']);
  assert.deepEqual(problemsOf({ VIGIL_HEARTBEAT_INTERVAL_MS: "250.5" }), ['VIGIL_HEARTBEAT_INTERVAL_MS="250.5" is not accepted: an integer from 100 to 60000']);
  assert.deepEqual(problemsOf({ VIGIL_DOWN_PHI: "0" }), ['VIGIL_DOWN_PHI="0" is not accepted: a number above 0, at most 1000']);
  assert.equal(configOf({ VIGIL_DOWN_PHI: "7.5" }).detection.downPhi, 7.5);
  assert.equal(configOf({ VIGIL_GROUPING_INTERVAL: "30s" }).groupingIntervalSeconds, 30);
  assert.equal(configOf({ VIGIL_GROUPING_INTERVAL: "3600" }).groupingIntervalSeconds, 3600);
  assert.equal(parseConfig({ VIGIL_GROUPING_INTERVAL: "0" }).ok, false);
  assert.equal(parseConfig({ NODE_ENV: "staging" }).ok, false);
  assert.equal(configOf({ NODE_ENV: "production" }).production, true);
  assert.equal(parseConfig({ DATABASE_URL: "./data/vigil.db" }).ok, false);
  assert.equal(configOf({ DATABASE_URL: "postgres://vigil@db:5432/vigil" }).databaseUrl, "postgres://vigil@db:5432/vigil");
  assert.equal(parseConfig({ REDIS_URL: "localhost:6379" }).ok, false);
  assert.equal(configOf({ REDIS_URL: "rediss://cache:6380" }).cluster.redisUrl, "rediss://cache:6380");
});

test("bootstrap tokens shorter than 24 characters refuse to start, naming the variable and hiding the value", () => {
  const short = "s".repeat(23);
  const accepted = "24 to 512 characters (a short shared token is guessable; make one with `openssl rand -base64 32`)";
  assert.deepEqual(problemsOf({ VIGIL_API_TOKEN: short, VIGIL_AGENT_TOKEN: "a" }), [
    `VIGIL_API_TOKEN=<hidden, 23 characters> is not accepted: ${accepted}`,
    `VIGIL_AGENT_TOKEN=<hidden, 1 characters> is not accepted: ${accepted}`,
  ]);
  for (const problem of problemsOf({ VIGIL_API_TOKEN: short })) assert.doesNotMatch(problem, /sss/);
  const api = "t".repeat(24);
  const agent = "a".repeat(512);
  const config = configOf({ VIGIL_API_TOKEN: api, VIGIL_AGENT_TOKEN: agent, VIGIL_ADMIN_EMAIL: "admin@example.com", VIGIL_ADMIN_PASSWORD: "password" });
  assert.deepEqual(config.bootstrap, { adminEmail: "admin@example.com", adminPassword: "password", apiToken: api, agentToken: agent });
  assert.equal(parseConfig({ VIGIL_AGENT_TOKEN: "a".repeat(513) }).ok, false);
});

test("VIGIL_TRUSTED_PROXIES: comma-separated CIDRs, none by default", () => {
  assert.deepEqual(configOf({}).trustedProxies, []);
  assert.deepEqual(configOf({ VIGIL_TRUSTED_PROXIES: "10.0.0.0/8, fd00::/8" }).trustedProxies, ["10.0.0.0/8", "fd00::/8"]);
  assert.deepEqual(problemsOf({ VIGIL_TRUSTED_PROXIES: "10.0.0.1" }), [
    'VIGIL_TRUSTED_PROXIES="10.0.0.1" is not accepted: comma-separated CIDRs (e.g. `10.0.0.0/8,fd00::/8`)',
  ]);
});

test("refusals never echo secrets: URL credentials are masked, tokens and passwords hidden", () => {
  const [problem] = problemsOf({ DATABASE_URL: "mysql://root:hunter2@db:3306/vigil?sslpassword=hunter3" });
  assert.equal(problem, 'DATABASE_URL="mysql://root:***@db:3306/vigil?sslpassword=***" is not accepted: a URL starting with file: or postgresql:// or postgres://');
  const [redis] = problemsOf({ REDIS_URL: "http://:s3cret@cache:6379" });
  assert.doesNotMatch(redis, /s3cret/);
  assert.equal(maskUrlCredentials("redis://default:pw@cache:6379/0"), "redis://default:***@cache:6379/0");
  assert.equal(maskUrlCredentials("redis://:pw@cache"), "redis://:***@cache");
  assert.equal(maskUrlCredentials("postgresql://vigil@db/vigil?schema=v"), "postgresql://vigil@db/vigil?schema=v");
  for (const name of ["VIGIL_API_TOKEN", "VIGIL_AGENT_TOKEN", "VIGIL_ADMIN_PASSWORD"] as const) {
    assert.equal(shownValue(name, "correct horse"), "<hidden, 13 characters>");
  }
});

test("the safety defaults take their values from the configuration, not from process.env", () => {
  assert.equal(recoveryModeDefault({ recoveryMode: "approval" }), "approval");
  assert.equal(groupingDefaults({ groupingIntervalSeconds: 42 }).intervalSeconds, 42);
});

test("getConfig returns what server.ts set, process-wide", () => {
  const config = configOf({ VIGIL_RECOVERY_MODE: "off", PORT: "4999" });
  setConfig(config);
  assert.equal(getConfig(), config);
  assert.equal(recoveryModeDefault(), "off");
  assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for("vigil.config")], config);
});

test("a name one or two letters off a declared one is reported; agent and test variables are not", () => {
  const env = { VIGIL_RECOVERY_MDOE: "dry-run", vigil_recovery_mode: "off", VIGIL_SESION_DAYS: "3", VIGIL_TEST_DATABASE: "postgresql", VIGIL_SERVER: "x", VIGIL_ROLE: "primary", VIGIL_ZONE: "a", PORT: "1" };
  assert.deepEqual(misspelledNames(env), [
    { name: "VIGIL_RECOVERY_MDOE", meant: "VIGIL_RECOVERY_MODE" },
    { name: "vigil_recovery_mode", meant: "VIGIL_RECOVERY_MODE" },
    { name: "VIGIL_SESION_DAYS", meant: "VIGIL_SESSION_DAYS" },
  ]);
});

test("every declared variable has a doc line and an accepted-values line", () => {
  for (const [name, setting] of Object.entries(SETTINGS)) {
    assert.ok(setting.doc.length > 10, `${name} needs a doc line`);
    assert.ok(setting.accepts.length > 0, `${name} needs an accepted-values line`);
  }
});

test("README's configuration table is the one generated from lib/config.ts (npm run docs:config)", () => {
  const readme = readFileSync(README_PATH, "utf8");
  assert.equal(readme, readmeWithConfigTable(readme), "README.md's configuration table is stale: run npm run docs:config");
});

test("server.ts with VIGIL_RECOVERY_MODE=dryrun exits non-zero before migrating or listening", { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vigil-config-"));
  const databaseFile = join(dataDir, "vigil.db");
  try {
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: "production", PORT: "0", DATABASE_URL: `file:${databaseFile}`, VIGIL_RECOVERY_MODE: "dryrun" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    assert.notEqual(exitCode, 0);
    assert.notEqual(exitCode, null);
    assert.match(stderr, /VIGIL_RECOVERY_MODE="dryrun" is not accepted: one of off, dry-run, approval, auto/);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    assert.doesNotMatch(stdout, /Vigil listening/);
    assert.equal(existsSync(databaseFile), false, "no migration ran");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
