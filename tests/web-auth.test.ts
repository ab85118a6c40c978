import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { io } from "socket.io-client";
import { launchChromium, screenshotter, waitUntil } from "./support/browser";
import { readStored, writeStored } from "./support/stored-rows";
import { ADMIN, startVigil, type VigilProcess } from "./support/vigil-server";

/**
 * Logins and first run (issue #13) through the real server: the login throttle (per address,
 * per account, shared through the database), the idle timeout, a malformed cookie, the setup
 * code and an atomic first admin, and the redirect after login. Runs on PostgreSQL too
 * (VIGIL_TEST_DATABASE=postgresql).
 *
 * Both servers trust 127.0.0.1 as a reverse proxy, so requests choose their client address with
 * X-Forwarded-For; requests sent from 127.0.0.2 are an untrusted peer whose header is ignored.
 */

let server: VigilProcess;
let fresh: VigilProcess;
let browser: Browser;

before(async () => {
  // One after the other: on PostgreSQL, migrations of one database take turns on one advisory lock.
  server = await startVigil({ env: { VIGIL_TRUSTED_PROXIES: "127.0.0.1/32", VIGIL_SESSION_IDLE_MINUTES: "1" } });
  // A fresh install: no bootstrap admin.
  fresh = await startVigil({ env: { VIGIL_TRUSTED_PROXIES: "127.0.0.1/32", VIGIL_ADMIN_EMAIL: "", VIGIL_ADMIN_PASSWORD: "" } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), fresh?.stop()]);
  server?.cleanup();
  fresh?.cleanup();
});

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: { error?: { code: string; message: string; retryAfterMs?: number } } & Record<string, unknown> };

/** node:http rather than fetch: the source address (localAddress) must be choosable. */
function send(
  target: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; from?: string; localAddress?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(path, target.url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) headers["content-type"] = "application/json";
  if (options.from) headers["x-forwarded-for"] = options.from;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress: options.localAddress }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        let body: Reply["body"] = {};
        try {
          body = text ? (JSON.parse(text) as Reply["body"]) : {};
        } catch {
          body = { text };
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

const login = (email: string, password: string, from: string, target: { url: string } = server) =>
  send(target, "POST", "/api/v1/auth/login", { body: { email, password }, from });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterOf(reply: Reply): number {
  const value = Number(reply.headers["retry-after"]);
  assert.ok(Number.isInteger(value) && value >= 1, `Retry-After in ${JSON.stringify(reply.headers)}`);
  return value;
}

function assertThrottled(reply: Reply, what: string): number {
  assert.equal(reply.status, 429, `${what}: ${JSON.stringify(reply.body)}`);
  assert.equal(reply.body.error?.code, "rate_limited");
  assert.ok((reply.body.error?.retryAfterMs ?? 0) > 0);
  return retryAfterOf(reply);
}

/**
 * Fails `attempt` until the key's block is at least 4 s (the first blocks are 1 s and 2 s, too
 * short to rely on under load): `free` failures, then two more after waiting out each block.
 */
async function failUntilBlockedLong(free: number, attempt: (i: number) => Promise<Reply>, failedStatus: number): Promise<void> {
  for (let i = 0; i < free; i++) assert.equal((await attempt(i)).status, failedStatus, `failure ${i + 1}`);
  for (const blockMs of [1000, 2000]) {
    await sleep(blockMs + 200);
    assert.equal((await attempt(free)).status, failedStatus, `failure after a ${blockMs} ms block`);
  }
}

type AuditRow = { actor: string; action: string; outcome: string; detail: string | null };
const auditOf = (target: VigilProcess, actor: string) =>
  readStored<AuditRow>(target.databaseUrl, 'SELECT actor, action, outcome, detail FROM "AuditLog" WHERE actor = ? ORDER BY id', [actor]);

test("an account is blocked after 5 wrong passwords, from every address, without its password being checked; a success clears it", async () => {
  await failUntilBlockedLong(5, () => login(ADMIN.email, "wrong-password", "198.51.100.1"), 401);

  // The right password changes nothing while blocked: it is not even looked at.
  const refused = await login(ADMIN.email, ADMIN.password, "198.51.100.1");
  const seconds = assertThrottled(refused, "blocked account, right password");
  assert.ok(seconds >= 1 && seconds <= 4, `Retry-After ${seconds}`);
  assertThrottled(await login(ADMIN.email.toUpperCase(), ADMIN.password, "198.51.100.2"), "same account, other address, other case");
  // The address itself is not blocked: another account may still try from it.
  assert.equal((await login("someone@example.com", "wrong-password", "198.51.100.1")).status, 401);

  await sleep(seconds * 1000 + 200);
  assert.equal((await login(ADMIN.email, ADMIN.password, "198.51.100.1")).status, 200);
  // The success cleared the account: a wrong password is a plain 401 again, not the next, longer block.
  assert.equal((await login(ADMIN.email, "wrong-password", "198.51.100.1")).status, 401);
  assert.equal((await login(ADMIN.email, ADMIN.password, "198.51.100.1")).status, 200);

  const outcomes = (await auditOf(server, ADMIN.email)).filter((row) => row.action === "auth.login");
  assert.deepEqual(
    outcomes.map((row) => row.outcome),
    ["failed", "failed", "failed", "failed", "failed", "failed", "failed", "throttled", "throttled", "ok", "failed", "ok"],
  );
  assert.equal(outcomes[0].detail, "198.51.100.1");
  assert.equal(outcomes[8].detail, "198.51.100.2");
});

test("an address is blocked after 20 failures on any accounts; a success from it does not clear it", async () => {
  const from = "198.51.100.9";
  for (let i = 0; i < 19; i++) assert.equal((await login(`user${i}@example.com`, "wrong-password", from)).status, 401);
  assert.equal((await login(ADMIN.email, ADMIN.password, from)).status, 200);
  await failUntilBlockedLong(1, (i) => login(`user-late${i}@example.com`, "wrong-password", from), 401);
  assertThrottled(await login(ADMIN.email, ADMIN.password, from), "blocked address, right password");
  assertThrottled(await login("nobody@example.com", "x", from), "blocked address, unknown account");
  // Only that address: the admin logs in from elsewhere.
  assert.equal((await login(ADMIN.email, ADMIN.password, "198.51.100.10")).status, 200);
  const [row] = await readStored<{ failures: number; blockedUntil: number; lastFailureAt: number }>(
    server.databaseUrl,
    'SELECT failures, "blockedUntil", "lastFailureAt" FROM "LoginThrottle" WHERE key = ?',
    [`ip:${from}`],
  );
  assert.equal(row.failures, 22);
  assert.ok(row.blockedUntil - row.lastFailureAt >= 4000, JSON.stringify(row));
});

test("a client cannot choose its address: X-Forwarded-For from an untrusted peer and a forged address header are ignored", async () => {
  const forged = { "x-vigil-client-address": "192.0.2.55" };
  const fromUntrusted = await send(server, "POST", "/api/v1/auth/login", {
    body: { email: "spoof@example.com", password: "wrong-password" },
    from: "192.0.2.44",
    localAddress: "127.0.0.2",
    headers: forged,
  });
  assert.equal(fromUntrusted.status, 401);
  const viaProxy = await send(server, "POST", "/api/v1/auth/login", { body: { email: "spoof@example.com", password: "wrong-password" }, from: "1.2.3.4, 192.0.2.66", headers: forged });
  assert.equal(viaProxy.status, 401);
  const details = (await auditOf(server, "spoof@example.com")).map((row) => row.detail);
  // Behind the trusted proxy the right-most hop counts; what the client wrote further left does not.
  assert.deepEqual(details, ["127.0.0.2", "192.0.2.66"]);
});

test("a malformed session cookie is no session: 401 on the API, the login page for pages, unauthorized on /ui", async () => {
  const cookie = { cookie: "vigil_session=%E0%A4%A" };
  const me = await send(server, "GET", "/api/v1/auth/me", { headers: cookie });
  assert.equal(me.status, 401, JSON.stringify(me.body));
  assert.equal(me.body.error?.code, "unauthorized");
  const page = await send(server, "GET", "/nodes", { headers: cookie });
  assert.ok(page.status >= 300 && page.status < 400, `a redirect, got ${page.status}`);
  assert.match(String(page.headers.location), /\/login/);
  const logout = await send(server, "POST", "/api/v1/auth/logout", { headers: cookie });
  assert.equal(logout.status, 200);

  const socket = io(`${server.url}/ui`, { transports: ["websocket"], extraHeaders: { ...cookie, origin: server.url }, reconnection: false, forceNew: true });
  try {
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      socket.once("connect", () => reject(new Error("connected with a malformed cookie")));
      socket.once("connect_error", resolve);
    });
    assert.notEqual(error.data?.code, "internal", error.message);
    assert.match(error.message, /unauthorized/);
  } finally {
    socket.close();
  }
});

test("with VIGIL_SESSION_IDLE_MINUTES=1 a session unused for longer ends", async () => {
  const reply = await login(ADMIN.email, ADMIN.password, "198.51.100.20");
  assert.equal(reply.status, 200);
  const cookie = String(reply.headers["set-cookie"]).split(";")[0];
  assert.equal((await send(server, "GET", "/api/v1/auth/me", { headers: { cookie } })).status, 200);

  // The session row is keyed by the sha256 of the cookie's token.
  const id = createHash("sha256").update(decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1))).digest("hex");
  const [session] = await readStored<{ lastSeenAt: unknown }>(server.databaseUrl, 'SELECT "lastSeenAt" FROM "Session" WHERE id = ?', [id]);
  assert.ok(session, "the session is stored");
  // Two minutes ago, in the representation the engine stores (epoch ms or ISO text on SQLite, a timestamp on PostgreSQL).
  const aged = new Date(Date.now() - 120_000);
  const value = typeof session.lastSeenAt === "number" ? aged.getTime() : aged.toISOString();
  assert.equal(await writeStored(server.databaseUrl, 'UPDATE "Session" SET "lastSeenAt" = ? WHERE id = ?', [value, id]), 1);

  const expired = await send(server, "GET", "/api/v1/auth/me", { headers: { cookie } });
  assert.equal(expired.status, 401);
  assert.equal((await readStored(server.databaseUrl, 'SELECT id FROM "Session" WHERE id = ?', [id])).length, 0, "the idle session was deleted");
});

test("first run needs the setup code from the log; ten concurrent setups make exactly one admin", async () => {
  const match = /\[vigil\] first run: open \/setup and enter the setup code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(fresh.output());
  assert.ok(match, `no setup code in the log:\n${fresh.output()}`);
  const code = match[1];
  assert.deepEqual((await send(fresh, "GET", "/api/v1/auth/setup")).body, { needsSetup: true });
  const storedCodes = await readStored<{ key: string }>(fresh.databaseUrl, "SELECT key FROM \"JobState\" WHERE key LIKE 'setup-code:%'");
  assert.equal(storedCodes.length, 1);
  assert.doesNotMatch(storedCodes[0].key, new RegExp(code));

  const admin = { email: "first@example.com", password: "first-admin-password" };
  const setup = (body: Record<string, unknown>, from: string) => send(fresh, "POST", "/api/v1/auth/setup", { body, from });
  assert.equal((await setup(admin, "203.0.113.1")).status, 400, "no code");
  const wrong = await setup({ ...admin, setupCode: "AAAA-BBBB-CCCC" }, "203.0.113.1");
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.error?.code, "forbidden");

  // Wrong codes count against the address like failed logins: then even the right code is refused.
  await failUntilBlockedLong(19, () => setup({ ...admin, setupCode: "AAAA-BBBB-CCCC" }, "203.0.113.1"), 403);
  assertThrottled(await setup({ ...admin, setupCode: code }, "203.0.113.1"), "blocked address, right code");

  const replies = await Promise.all(
    Array.from({ length: 10 }, (_, i) => setup({ email: `racer${i}@example.com`, password: "racer-password-1", setupCode: code.toLowerCase() }, "203.0.113.2")),
  );
  const statuses = replies.map((reply) => reply.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409, 409, 409], JSON.stringify(replies.map((r) => r.body)));
  const users = await readStored<{ email: string; role: string }>(fresh.databaseUrl, 'SELECT email, role FROM "User"');
  assert.equal(users.length, 1);
  assert.equal(users[0].role, "admin");
  const winner = replies.find((reply) => reply.status === 201);
  assert.equal((winner?.body.user as { email: string }).email, users[0].email);

  // The code died with the first user.
  assert.equal((await readStored(fresh.databaseUrl, "SELECT key FROM \"JobState\" WHERE key LIKE 'setup-code:%'")).length, 0);
  assert.equal((await setup({ ...admin, setupCode: code }, "203.0.113.3")).status, 409);
  assert.deepEqual((await send(fresh, "GET", "/api/v1/auth/setup")).body, { needsSetup: false });
  const cookie = String(winner?.headers["set-cookie"]).split(";")[0];
  assert.equal((await send(fresh, "GET", "/api/v1/auth/me", { headers: { cookie } })).status, 200);
  const setups = await readStored<AuditRow>(fresh.databaseUrl, "SELECT actor, action, outcome, detail FROM \"AuditLog\" WHERE action = 'auth.setup' AND outcome = 'ok'");
  assert.deepEqual(setups.map((row) => [row.actor, row.detail]), [[users[0].email, "203.0.113.2"]]);
});

test("after login only Vigil's own pages are followed: //host, absolute and backslash URLs land on /", async () => {
  const origin = new URL(server.url).origin;
  const cases: [string, string][] = [
    ["//evil.example", "/"],
    ["https://evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/nodes", "/nodes"],
  ];
  for (const [next, expected] of cases) {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
      await page.fill('input[name="email"]', ADMIN.email);
      await page.fill('input[name="password"]', ADMIN.password);
      await page.click('button[type="submit"]');
      await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
      const landed = new URL(page.url());
      assert.equal(landed.origin, origin, `next=${JSON.stringify(next)} left Vigil for ${page.url()}`);
      assert.equal(landed.pathname, expected, `next=${JSON.stringify(next)}`);
    } finally {
      await context.close();
    }
  }
});

test("the login form counts down a throttled account's wait and disables the button", async () => {
  const now = Date.now();
  await writeStored(server.databaseUrl, 'INSERT INTO "LoginThrottle" (key, failures, "lastFailureAt", "blockedUntil") VALUES (?, ?, ?, ?)', [
    "account:locked@example.com",
    9,
    now,
    now + 600_000,
  ]);
  const context = await browser.newContext();
  const page = await context.newPage();
  const shot = screenshotter(() => page);
  try {
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="email"]', "locked@example.com");
    await page.fill('input[name="password"]', "whatever-it-is");
    await page.click('button[type="submit"]');
    const alert = page.getByText(/Too many attempts, try again in \d+ s/);
    await alert.waitFor({ timeout: 10_000 });
    const secondsShown = async () => Number(/in (\d+) s/.exec(await alert.innerText())?.[1]);
    const first = await secondsShown();
    assert.ok(first > 60 && first <= 600, `${first} s`);
    assert.equal(await page.locator('button[type="submit"]').isDisabled(), true);
    await waitUntil(async () => (await secondsShown()) < first, 10_000, "the countdown to tick", shot);
    await shot("login-throttled");
  } finally {
    await context.close();
  }
});
