import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { AuditKinds, AuditPage } from "../lib/protocol/api/audit";
import { ADMIN, API_TOKEN, api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/**
 * The `/ui` socket through the real server: Origin checked at the handshake, cut off on logout,
 * password change and user deletion, a revoked API token's socket ended by the periodic re-check
 * (every 15 s). And the audit log's filters and cursor.
 */
const TIMEOUT_MS = 120_000;

let server: VigilProcess;
const sockets: Socket[] = [];

before(async () => {
  server = await startVigil();
}, { timeout: TIMEOUT_MS });

after(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
  server?.cleanup();
}, { timeout: TIMEOUT_MS });

/** A browser-like JSON request: the page's own Origin, the session cookie if any. */
async function browserPost(path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(server.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

async function logIn(email: string, password: string): Promise<string> {
  const response = await browserPost("/api/v1/auth/login", { email, password });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  assert.ok(cookie, "login sets the session cookie");
  return cookie;
}

type Opened = { socket: Socket; error: Error | null; disconnected: () => boolean };

/** Opens `/ui` the way a browser (cookie, Origin) or a script (bearer token) does; waits for connect or refusal. */
async function openUi(options: { cookie?: string; origin?: string; token?: string }): Promise<Opened> {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  const socket = io(`${server.url}/ui`, {
    transports: ["websocket"],
    extraHeaders,
    ...(options.token ? { auth: { token: options.token } } : {}),
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  let disconnected = false;
  socket.on("disconnect", () => (disconnected = true));
  const error = await new Promise<Error | null>((resolve) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", (cause) => resolve(cause));
  });
  return { socket, error, disconnected: () => disconnected };
}

async function createUser(email: string, role: "viewer" | "operator" | "admin" = "viewer"): Promise<{ id: string; password: string }> {
  const password = "user-password-123456";
  const created = await api<{ item: { id: string } }>(server, "/api/v1/users", { method: "POST", body: JSON.stringify({ email, password, role }) });
  assert.equal(created.status < 300, true, JSON.stringify(created.body));
  return { id: created.body.item.id, password };
}

test("a cookie handshake from a foreign Origin, or with none, is refused; from Vigil's own pages it is accepted", { timeout: TIMEOUT_MS }, async () => {
  const cookie = await logIn(ADMIN.email, ADMIN.password);
  const foreign = await openUi({ cookie, origin: "http://evil.example" });
  assert.ok(foreign.error, "refused");
  assert.match(foreign.error.message, /forbidden: origin http:\/\/evil\.example may not open/);

  const none = await openUi({ cookie });
  assert.ok(none.error, "refused without an Origin");
  assert.match(none.error.message, /without an Origin/);

  const own = await openUi({ cookie, origin: server.url });
  assert.equal(own.error, null);
  own.socket.disconnect();

  // A script with a bearer token sends no Origin; one sending a foreign Origin is refused all the same.
  const script = await openUi({ token: API_TOKEN });
  assert.equal(script.error, null);
  const foreignScript = await openUi({ token: API_TOKEN, origin: "https://evil.example" });
  assert.match(foreignScript.error?.message ?? "", /may not open/);
});

/** "At once": well inside the 15 s re-check, with room for a loaded CI machine. */
const CUT_OFF_DEADLINE_MS = 10_000;

test("logging out cuts the session's live socket off at once", { timeout: TIMEOUT_MS }, async () => {
  const cookie = await logIn(ADMIN.email, ADMIN.password);
  const other = await openUi({ cookie: await logIn(ADMIN.email, ADMIN.password), origin: server.url });
  const live = await openUi({ cookie, origin: server.url });
  assert.equal(live.error, null);
  const response = await browserPost("/api/v1/auth/logout", {}, cookie);
  assert.equal(response.status, 200);
  // Well before the 15 s re-check: the logout itself ends it.
  await waitFor("the socket disconnected after logout", async () => live.disconnected(), CUT_OFF_DEADLINE_MS, 20);
  assert.equal(other.disconnected(), false, "another session of the same user stays");
  const again = await openUi({ cookie, origin: server.url });
  assert.match(again.error?.message ?? "", /unauthorized/);
});

test("deleting a user, or changing their password, cuts their sockets off; a role change does not", { timeout: TIMEOUT_MS }, async () => {
  const doomed = await createUser("doomed@test.local");
  const doomedSocket = await openUi({ cookie: await logIn("doomed@test.local", doomed.password), origin: server.url });
  assert.equal(doomedSocket.error, null);
  assert.equal((await api(server, `/api/v1/users/${doomed.id}`, { method: "DELETE" })).status, 200);
  await waitFor("the deleted user's socket disconnected", async () => doomedSocket.disconnected(), CUT_OFF_DEADLINE_MS, 20);

  const changed = await createUser("changed@test.local");
  const changedSocket = await openUi({ cookie: await logIn("changed@test.local", changed.password), origin: server.url });
  assert.equal(changedSocket.error, null);
  const promoted = await api(server, `/api/v1/users/${changed.id}`, { method: "PATCH", body: JSON.stringify({ role: "operator" }) });
  assert.equal(promoted.status, 200);
  assert.equal(changedSocket.socket.connected, true, "a role change re-evaluates the socket, it does not end it");
  const patched = await api(server, `/api/v1/users/${changed.id}`, { method: "PATCH", body: JSON.stringify({ password: "another-password-123456" }) });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  await waitFor("the socket disconnected after the password change", async () => changedSocket.disconnected(), CUT_OFF_DEADLINE_MS, 20);
});

test("a socket opened with an API token ends at once when the token is revoked (not at the 15 s re-check)", { timeout: TIMEOUT_MS }, async () => {
  const created = await api<{ item: { id: string }; token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "live-reader", role: "viewer" }) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const live = await openUi({ token: created.body.token });
  assert.equal(live.error, null);
  const revoked = await api(server, `/api/v1/api-tokens/${created.body.item.id}`, { method: "DELETE" });
  assert.equal(revoked.status, 200);
  await waitFor("the revoked token's socket disconnected", async () => live.disconnected(), CUT_OFF_DEADLINE_MS, 20);
  const again = await openUi({ token: created.body.token });
  assert.match(again.error?.message ?? "", /unauthorized/);
});

test("the audit log filters by kind, kind prefix, actor, target and time, with cursor pages", { timeout: TIMEOUT_MS }, async () => {
  const kinds = await api<AuditKinds>(server, "/api/v1/audit/kinds");
  assert.equal(kinds.status, 200);
  assert.ok(kinds.body.items.some((item) => item.kind === "receiver.rotate-secret" && item.prefix === "receiver"));

  // The recovery kill switch writes audit rows of its own: freeze and unfreeze a few times.
  for (let round = 0; round < 3; round++) {
    assert.equal((await api(server, "/api/v1/recovery/freeze", { method: "POST", body: JSON.stringify({ reason: `drill ${round}` }) })).status, 200);
    assert.equal((await api(server, "/api/v1/recovery/unfreeze", { method: "POST", body: JSON.stringify({}) })).status, 200);
  }
  const exact = await api<AuditPage>(server, "/api/v1/audit?action=recovery.freeze");
  assert.equal(exact.status, 200);
  assert.ok(exact.body.items.length >= 3);
  assert.ok(exact.body.items.every((item) => item.action === "recovery.freeze"));
  const drills = exact.body.items.flatMap((item) => (item.detail?.startsWith("drill") ? [item.detail] : []));
  assert.deepEqual(drills, ["drill 2", "drill 1", "drill 0"], "newest first");

  const prefix = await api<AuditPage>(server, "/api/v1/audit?action=recovery.");
  assert.ok(prefix.body.items.filter((item) => item.action === "recovery.unfreeze").length >= 3);
  assert.ok(prefix.body.items.every((item) => item.action.startsWith("recovery.")));

  const actor = prefix.body.items[0].actor;
  const byActor = await api<AuditPage>(server, `/api/v1/audit?actor=${encodeURIComponent(actor)}&target=fleet`);
  assert.ok(byActor.body.items.length >= 6 && byActor.body.items.every((item) => item.actor === actor && item.target === "fleet"));
  const nobody = await api<AuditPage>(server, "/api/v1/audit?actor=nobody@nowhere");
  assert.deepEqual(nobody.body, { items: [], nextCursor: null });

  // Pages of two, following the cursor, give the same six entries as one page.
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/audit?action=recovery.&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await api<AuditPage>(server, query);
    seen.push(...page.body.items.map((item) => item.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, prefix.body.items.map((item) => item.id));

  const newest = exact.body.items[0].at;
  const after = await api<AuditPage>(server, `/api/v1/audit?action=recovery.freeze&from=${newest + 1}`);
  assert.equal(after.body.items.length, 0);
  const before = await api<AuditPage>(server, `/api/v1/audit?action=recovery.freeze&to=${newest}`);
  assert.equal(before.body.items.length, exact.body.items.length);

  assert.equal((await api(server, "/api/v1/audit?limit=501")).status, 400);
  assert.equal((await api(server, "/api/v1/audit?cursor=garbage")).status, 400);
});
