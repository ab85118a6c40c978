/**
 * The authorization matrix: every route and method under app/api (found by walking the folder, so
 * a new route cannot be forgotten) and every Socket.IO event, called by every kind of caller
 * Vigil knows, through the real server. A route must be declared in lib/protocol/api/routes.ts
 * (role, scopes) and, when it changes something, in route-audit.ts; the matrix then checks that
 * exactly the declared callers get past authentication and authorization.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import type { ApiScope } from "../lib/protocol/api/tokens";
import type { Role } from "../lib/protocol/common";
import { AUDIT_KINDS } from "../lib/protocol/api/audit";
import { ROUTE_AUDIT } from "../lib/protocol/api/route-audit";
import { API_ROUTES, HTTP_METHODS, type ApiRoute } from "../lib/protocol/api/routes";
import { connectRawAgent } from "./support/raw-agent";
import { readStored, writeStored } from "./support/stored-rows";
import { API_TOKEN, startVigil, type VigilProcess } from "./support/vigil-server";

const APP_API = fileURLToPath(new URL("../app/api", import.meta.url));
const ROLE_ORDER: Role[] = ["viewer", "operator", "admin"];
const CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type Caller = {
  name: string;
  /** null: must be refused as unauthenticated (401). */
  role: Role | null;
  scopes: ApiScope[];
  headers: Record<string, string>;
  /** Socket.IO handshake of /ui for this caller. */
  ui: { auth?: Record<string, string>; extraHeaders?: Record<string, string> };
  viaCookie: boolean;
};

let server: VigilProcess;
const callers: Caller[] = [];
let agentCredential = "";

/** Every route file's exported methods, as "METHOD /api/v1/path/{id}". */
function routeFileOperations(dir = APP_API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFileOperations(path);
    if (entry.name !== "route.ts") return [];
    const urlPath = `/api/${relative(APP_API, dir).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(path, "utf8");
    return HTTP_METHODS.filter((method) => new RegExp(`export (?:const|async function|function) ${method}\\b`).test(source)).map((method) => `${method} ${urlPath}`);
  });
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
}

async function asAdmin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, { authorization: `Bearer ${API_TOKEN}` }, body);
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function login(email: string, password: string): Promise<string> {
  const response = await call("POST", "/api/v1/auth/login", { origin: server.url }, { email, password });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  assert.match(cookie, /^vigil_session=/);
  return cookie;
}

function cookieCaller(name: string, role: Role | null, cookie: string): Caller {
  return { name, role, scopes: ["read", "write", "alerts:ingest"], headers: { cookie, origin: server.url }, ui: { extraHeaders: { cookie, origin: server.url } }, viaCookie: true };
}

function tokenCaller(name: string, role: Role | null, token: string, scopes: ApiScope[]): Caller {
  return { name, role, scopes, headers: { authorization: `Bearer ${token}` }, ui: { auth: { token } }, viaCookie: false };
}

async function createToken(name: string, role: Role, scopes?: ApiScope[]): Promise<{ id: string; token: string }> {
  const created = await asAdmin<{ item: { id: string }; token: string }>("POST", "/api/v1/api-tokens", { name, role, ...(scopes ? { scopes } : {}) });
  return { id: created.item.id, token: created.token };
}

before(async () => {
  server = await startVigil();
  const password = "matrix-password-1";
  for (const role of ["viewer", "operator"] as const) await asAdmin("POST", "/api/v1/users", { email: `${role}@matrix.test`, password, role });
  await asAdmin("POST", "/api/v1/users", { email: "admin2@matrix.test", password, role: "admin" });
  callers.push({ name: "anonymous", role: null, scopes: [], headers: {}, ui: {}, viaCookie: false });
  callers.push(cookieCaller("viewer session", "viewer", await login("viewer@matrix.test", password)));
  callers.push(cookieCaller("operator session", "operator", await login("operator@matrix.test", password)));
  callers.push(cookieCaller("admin session", "admin", await login("admin2@matrix.test", password)));
  for (const role of ROLE_ORDER) callers.push(tokenCaller(`${role} token`, role, (await createToken(`matrix ${role}`, role)).token, ["read", "write"]));
  callers.push(tokenCaller("admin read-only token", "admin", (await createToken("matrix read-only", "admin", ["read"])).token, ["read"]));
  callers.push(tokenCaller("alerts:ingest token", "operator", (await createToken("matrix ingest", "operator", ["alerts:ingest"])).token, ["alerts:ingest"]));
  const revoked = await createToken("matrix revoked", "admin");
  await asAdmin("DELETE", `/api/v1/api-tokens/${revoked.id}`);
  callers.push(tokenCaller("revoked token", null, revoked.token, []));
  const expired = await login("viewer@matrix.test", password);
  const [newest] = await readStored<{ id: string; expiresAt: unknown }>(server.databaseUrl, `SELECT "id", "expiresAt" FROM "Session" ORDER BY "createdAt" DESC LIMIT 1`);
  // Stored as epoch ms, an ISO text (SQLite) or a timestamp (PostgreSQL): write it back the same way.
  const minuteAgo = new Date(Date.now() - 60_000);
  const past = typeof newest.expiresAt === "number" ? minuteAgo.getTime() : typeof newest.expiresAt === "string" ? minuteAgo.toISOString() : minuteAgo;
  assert.equal(await writeStored(server.databaseUrl, `UPDATE "Session" SET "expiresAt" = ? WHERE "id" = ?`, [past, newest.id]), 1);
  callers.push(cookieCaller("expired session", null, expired));
  const agent = await connectRawAgent(server.url, "matrix-node", { zone: "z", role: "primary", group: "g" }, 60_000, { protocol: 2 });
  agentCredential = agent.credential ?? "";
  agent.stop();
  assert.ok(agentCredential, "the agent got its credential");
  callers.push(tokenCaller("agent credential", null, agentCredential, []));
  callers.push(cookieCaller("malformed cookie", null, "vigil_session=%E0%A4%A"));
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

function concretePath(route: ApiRoute): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => (route.params?.[name] ? "999999" : "matrix-missing"));
}

function allowed(caller: Caller, route: ApiRoute): boolean {
  if (route.role === "public") return true;
  if (caller.role === null) return false;
  const accepted = route.scopes ?? (route.method === "GET" ? ["read"] : ["write"]);
  return ROLE_ORDER.indexOf(caller.role) >= ROLE_ORDER.indexOf(route.role) && accepted.some((scope) => caller.scopes.includes(scope));
}

test("every route under app/api has a declared rule: a role and scopes, and an audit kind when it changes something", () => {
  const declared = new Map(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route]));
  const operations = routeFileOperations();
  assert.ok(operations.length >= 60, `walked only ${operations.length} operations`);
  assert.deepEqual(operations.filter((key) => !declared.has(key)), [], "route handlers without a rule in lib/protocol/api/routes.ts");
  assert.deepEqual(operations.filter((key) => CHANGING.has(key.split(" ")[0]) && !ROUTE_AUDIT[key]), [], "changing routes without an audit kind in route-audit.ts");
  const undocumented = Object.values(ROUTE_AUDIT).filter((kind) => !["domain", "public", "none"].includes(kind) && !(kind in AUDIT_KINDS));
  assert.deepEqual(undocumented, [], "audit kinds missing from AUDIT_KINDS (lib/protocol/api/audit.ts)");
});

test("each caller gets exactly what its role and scopes allow, on every route", { timeout: 300_000 }, async () => {
  const wrong: string[] = [];
  for (const key of routeFileOperations()) {
    const route = API_ROUTES.find((candidate) => `${candidate.method} ${candidate.path}` === key);
    if (!route) continue;
    for (const caller of callers) {
      // Logging out with a session would end the session the rest of the matrix uses.
      if (route.path === "/api/v1/auth/logout" && caller.viaCookie && caller.role !== null) continue;
      const response = await call(route.method, concretePath(route), caller.headers, CHANGING.has(route.method) ? {} : undefined);
      await response.arrayBuffer();
      const status = response.status;
      const expected = allowed(caller, route) ? "past authorization" : caller.role === null ? "401" : "403";
      const ok = expected === "past authorization" ? status !== 401 && status !== 403 && status < 500 : String(status) === expected;
      if (!ok) wrong.push(`${key} as ${caller.name}: ${status}, expected ${expected}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("a change made with a session cookie must be JSON and come from Vigil's own origin, on every changing route", { timeout: 120_000 }, async () => {
  const admin = callers.find((caller) => caller.name === "admin session");
  assert.ok(admin);
  const wrong: string[] = [];
  for (const route of API_ROUTES.filter((candidate) => CHANGING.has(candidate.method) && candidate.role !== "public")) {
    const path = concretePath(route);
    const crossSite = await call(route.method, path, { ...admin.headers, origin: "https://evil.example" }, {});
    if (crossSite.status !== 403) wrong.push(`${route.method} ${route.path} from another origin: ${crossSite.status}`);
    const noOrigin = await call(route.method, path, { cookie: admin.headers.cookie }, {});
    if (noOrigin.status !== 403) wrong.push(`${route.method} ${route.path} without Origin or Sec-Fetch-Site: ${noOrigin.status}`);
    const sameSite = await call(route.method, path, { cookie: admin.headers.cookie, "sec-fetch-site": "same-origin" }, {});
    if (sameSite.status === 403 || sameSite.status === 401) wrong.push(`${route.method} ${route.path} with Sec-Fetch-Site same-origin: ${sameSite.status}`);
    const form = await fetch(`${server.url}${path}`, { method: route.method, headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" }, body: "a=1" });
    if (form.status !== 415) wrong.push(`${route.method} ${route.path} as a form: ${form.status}`);
    await Promise.all([crossSite, noOrigin, sameSite, form].map((response) => response.arrayBuffer()));
  }
  assert.deepEqual(wrong, []);
});

test("refused and allowed changes are audited with the caller; secrets never reach the audit log", async () => {
  const viewer = callers.find((caller) => caller.name === "viewer token");
  assert.ok(viewer);
  const denied = await call("POST", "/api/v1/silences", viewer.headers, { matchers: [] });
  assert.equal(denied.status, 403);
  const created = await asAdmin<{ item: { id: string } }>("POST", "/api/v1/api-tokens", { name: "audited", role: "viewer" });
  await asAdmin("DELETE", `/api/v1/api-tokens/${created.item.id}`);
  const rows = await readStored<{ actor: string; action: string; outcome: string; detail: string | null }>(
    server.databaseUrl,
    `SELECT "actor", "action", "outcome", "detail" FROM "AuditLog" WHERE "action" IN ('silence.create', 'api-token.create', 'api-token.revoke', 'user.create') ORDER BY "id"`,
  );
  assert.ok(rows.some((row) => row.action === "silence.create" && row.actor === "matrix viewer" && row.outcome.startsWith("denied")), JSON.stringify(rows));
  assert.ok(rows.some((row) => row.action === "api-token.create" && row.actor === "VIGIL_API_TOKEN" && row.outcome === "ok" && row.detail?.includes('"audited"')));
  assert.ok(rows.some((row) => row.action === "api-token.revoke" && row.outcome === "ok"));
  const users = rows.filter((row) => row.action === "user.create");
  assert.ok(users.length >= 3);
  for (const row of users) assert.ok(!row.detail?.includes("matrix-password-1"), `password in ${row.detail}`);
});

async function uiSocket(caller: Caller): Promise<{ socket: Socket | null; error: string | null }> {
  const socket = io(`${server.url}/ui`, { transports: ["websocket"], forceNew: true, reconnection: false, auth: caller.ui.auth ?? {}, extraHeaders: caller.ui.extraHeaders });
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket, error: null }));
    socket.once("connect_error", (error) => {
      socket.disconnect();
      resolve({ socket: null, error: error.message });
    });
  });
}

test("the /ui socket and its events: viewers and up with the read scope, nobody else", { timeout: 120_000 }, async () => {
  const wrong: string[] = [];
  for (const caller of callers) {
    const { socket, error } = await uiSocket(caller);
    const shouldConnect = caller.role !== null && caller.scopes.includes("read");
    if (shouldConnect !== (socket !== null)) wrong.push(`/ui as ${caller.name}: ${socket ? "connected" : `refused (${error})`}`);
    if (!socket) continue;
    const good = (await socket.timeout(5000).emitWithAck("subscribe", { fleet: true })) as { ok: boolean };
    const bad = (await socket.timeout(5000).emitWithAck("subscribe", { node: 42 })) as { ok: boolean; error?: { code: string } };
    if (!good.ok || bad.ok || bad.error?.code !== "bad_request") wrong.push(`/ui subscribe as ${caller.name}: ${JSON.stringify({ good, bad })}`);
    socket.disconnect();
  }
  assert.deepEqual(wrong, []);
});

test("the /agent socket and its events: only an agent's own credential or an enrollment token, never a user or an API token", { timeout: 120_000 }, async () => {
  const wrong: string[] = [];
  for (const caller of callers) {
    const token = caller.ui.auth?.token;
    const socket = io(`${server.url}/agent`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      auth: token === agentCredential ? { nodeId: "matrix-node", credential: token, protocol: 2 } : { nodeId: "matrix-node", protocol: 2, ...(token ? { token } : {}) },
      extraHeaders: caller.ui.extraHeaders,
    });
    const connected = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("connect_error", () => resolve(false));
    });
    const isAgent = token === agentCredential;
    if (connected !== isAgent) wrong.push(`/agent as ${caller.name}: ${connected ? "connected" : "refused"}`);
    if (connected) {
      // Before hello nothing is accepted; a malformed hello is a clear error, a good one is accepted.
      for (const event of ["heartbeat", "logs"] as const) {
        const early = (await socket.timeout(5000).emitWithAck(event, {})) as { ok: boolean };
        if (early.ok) wrong.push(`/agent ${event} before hello accepted`);
      }
      const badHello = (await socket.timeout(5000).emitWithAck("hello", { hostname: 42 })) as { ok: boolean; error?: { code: string } };
      if (badHello.ok) wrong.push("/agent malformed hello accepted");
    }
    socket.disconnect();
  }
  assert.deepEqual(wrong, []);
});

test("every event the namespaces handle is one the matrix calls", () => {
  const agentSource = readFileSync(fileURLToPath(new URL("../lib/realtime/agent-namespace.ts", import.meta.url)), "utf8");
  const uiSource = readFileSync(fileURLToPath(new URL("../lib/realtime/ui-namespace.ts", import.meta.url)), "utf8");
  const agentEvents = [...agentSource.matchAll(/guard\("([\w:-]+)"/g)].map((match) => match[1]).sort();
  const uiEvents = [...uiSource.matchAll(/socket\.on\("([\w:-]+)"/g)].map((match) => match[1]).filter((event) => event !== "disconnect").sort();
  assert.deepEqual(agentEvents, ["heartbeat", "hello", "logs"]);
  assert.deepEqual(uiEvents, ["subscribe"]);
});

test("bodies are capped as they stream in, chunked ones too", async () => {
  const { request } = await import("node:http");
  const status = await new Promise<number>((resolve, reject) => {
    const sending = request(`${server.url}/api/v1/silences`, { method: "POST", headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sending.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve(-1) : reject(error)));
    // No Content-Length: node sends it chunked, 64 KiB at a time, 2 MB in all.
    const chunk = `"${"x".repeat(65_534)}",`;
    sending.write(`{"comment":[`);
    for (let sent = 0; sent < 2_000_000; sent += chunk.length) sending.write(chunk);
    sending.end(`""]}`);
  });
  assert.equal(status, 413);
});
