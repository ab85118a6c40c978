/**
 * Outbound requests cannot reach inside, and what they carry stays secret: through real Vigil
 * processes, real receivers and hooks on loopback, and API tokens of every role.
 * - One server without VIGIL_OUTBOUND_ALLOW: receivers on loopback (by address and by name),
 *   link-local metadata and private addresses are refused, and no packet reaches a listener.
 * - One server with the tests' default allow-list (loopback): deliveries go out, and viewers and
 *   operators see receivers, hooks, deliveries and outcomes without their secrets.
 */
import assert from "node:assert/strict";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, freePort, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

const BLOCKED = "destination not allowed (internal address; see VIGIL_OUTBOUND_ALLOW)";
const NO_RESPONSE = "no response: could not connect or timed out";

type Listener = { port: number; connections: number; requests: { url: string; headers: IncomingHttpHeaders; body: string }[]; close: () => Promise<void> };
type Answer = { status: number; body: string };

/**
 * A loopback listener that counts every TCP connection: "answer" speaks HTTP, "silent" accepts
 * and never answers, "reset" drops the connection at once.
 */
async function listen(mode: "answer" | "silent" | "reset", answer: () => Answer = () => ({ status: 200, body: "ok" })): Promise<Listener> {
  const sockets = new Set<Socket>();
  const listener: Listener = { port: 0, connections: 0, requests: [], close: async () => undefined };
  let server: Server;
  if (mode === "answer") {
    server = createHttpServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        listener.requests.push({ url: request.url ?? "", headers: request.headers, body });
        const reply = answer();
        response.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.body);
      });
    });
  } else {
    server = createTcpServer((socket) => {
      if (mode === "reset") socket.resetAndDestroy();
    });
  }
  server.on("connection", (socket: Socket) => {
    listener.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  listener.port = await freePort();
  await new Promise<void>((resolve) => server.listen(listener.port, "127.0.0.1", () => resolve()));
  listener.close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return listener;
}

type ReceiverRow = { id: string; name: string; url: string; headers: Record<string, string>; redacted: boolean };
type Attempt = { status: number | null; error: string | null; responseBody: string | null };
type DeliveryRow = { receiverId: string; lastError: string | null; recentAttempts: Attempt[]; redacted: boolean };
type HookRow = { id: string; name: string; url: string; redacted: boolean };
type ActionRow = { id: string; target: string; state: string; outcome: string | null };

let closed: VigilProcess;
let allowed: VigilProcess;
const listeners: Listener[] = [];
const agents: RawAgent[] = [];
const tokens: Record<"viewer" | "operator", string> = { viewer: "", operator: "" };

async function createReceiver(server: VigilProcess, body: Record<string, unknown>): Promise<string> {
  const created = await api<{ id: string }>(server, "/api/v1/receivers", { method: "POST", body: JSON.stringify({ groupWait: "0s", ...body }) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

/** Queues a test notification and waits for its first attempt. */
async function firstAttempt(server: VigilProcess, receiverId: string, token?: string): Promise<Attempt> {
  assert.equal((await api(server, `/api/v1/receivers/${receiverId}/test`, { method: "POST" })).status, 202);
  return waitFor(`an attempt to receiver ${receiverId}`, async () => (await deliveries(server, receiverId, token))[0]?.recentAttempts.at(-1), 20_000, 100);
}

async function deliveries(server: VigilProcess, receiverId: string, token?: string): Promise<DeliveryRow[]> {
  const answer = await api<{ items: DeliveryRow[] }>(server, `/api/v1/deliveries?receiverId=${receiverId}`, { token });
  assert.equal(answer.status, 200);
  return answer.body.items;
}

before(async () => {
  [closed, allowed] = await Promise.all([
    startVigil({ env: { VIGIL_OUTBOUND_ALLOW: "" } }),
    startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0" } }),
  ]);
  for (const role of ["viewer", "operator"] as const) {
    const created = await api<{ token: string }>(allowed, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: `outbound-${role}`, role }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    tokens[role] = created.body.token;
  }
});

after(async () => {
  for (const agent of agents) agent.stop();
  await Promise.all(listeners.map((listener) => listener.close()));
  for (const server of [closed, allowed]) {
    await server?.stop();
    server?.cleanup();
  }
});

test("without an allow-list, loopback (by address or by name), metadata and private receivers are refused and no packet leaves", async () => {
  const target = await listen("answer");
  listeners.push(target);
  const urls = [
    `http://127.0.0.1:${target.port}/hook`,
    `http://localhost:${target.port}/hook`,
    `http://[::ffff:127.0.0.1]:${target.port}/hook`,
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    `http://10.11.12.13:${target.port}/hook`,
  ];
  for (const [index, url] of urls.entries()) {
    const id = await createReceiver(closed, { name: `inside-${index}`, url });
    const attempt = await firstAttempt(closed, id);
    assert.deepEqual({ status: attempt.status, error: attempt.error }, { status: null, error: BLOCKED }, url);
  }
  assert.equal(target.connections, 0, "not even a TCP handshake reached the listener");
  assert.match(closed.output(), /\[outbound\] POST http:\/\/localhost:\d+\/… refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/);
});

test("with the allow-list a receiver is delivered to; below admin its URL, headers and the answer are hidden", async () => {
  const target = await listen("answer", () => ({ status: 500, body: "stack trace with RESPONSE-SECRET" }));
  listeners.push(target);
  // By name: "localhost" is resolved, checked against the allow-list and connected to as checked.
  const id = await createReceiver(allowed, {
    name: "pager",
    url: `http://localhost:${target.port}/hook?token=QUERY-SECRET`,
    headers: { Authorization: "Bearer HEADER-SECRET" },
  });
  const slack = await createReceiver(allowed, { name: "slack", format: "slack", url: "https://hooks.slack.com/services/T000/B000/SLACK-PATH-SECRET" });
  const attempt = await firstAttempt(allowed, id);
  assert.equal(attempt.status, 500);
  // A 500 is retried: more requests may have arrived since.
  assert.ok(target.requests.length >= 1);
  assert.equal(target.requests[0].headers.authorization, "Bearer HEADER-SECRET");
  assert.equal(target.requests[0].url, "/hook?token=QUERY-SECRET");

  const secrets = ["QUERY-SECRET", "HEADER-SECRET", "SLACK-PATH-SECRET", "RESPONSE-SECRET"];
  for (const role of ["viewer", "operator"] as const) {
    const listed = await api<{ items: ReceiverRow[] }>(allowed, "/api/v1/receivers", { token: tokens[role] });
    assert.equal(listed.status, 200);
    const text = JSON.stringify(listed.body);
    for (const secret of secrets) assert.ok(!text.includes(secret), `${role} must not read ${secret}`);
    const pager = listed.body.items.find((receiver) => receiver.id === id);
    assert.deepEqual({ url: pager?.url, headerNames: Object.keys(pager?.headers ?? {}), redacted: pager?.redacted }, { url: `http://localhost:${target.port}/…`, headerNames: ["Authorization"], redacted: true }, role);
    assert.equal(listed.body.items.find((receiver) => receiver.id === slack)?.url, "https://hooks.slack.com/…");

    const [delivery] = await deliveries(allowed, id, tokens[role]);
    assert.equal(delivery.redacted, true);
    assert.equal(delivery.recentAttempts[0].status, 500, "the status stays: it is Vigil's, not the receiver's words");
    assert.equal(delivery.recentAttempts[0].responseBody, null);
    for (const secret of secrets) assert.ok(!JSON.stringify(delivery).includes(secret), `${role} must not read ${secret} in deliveries`);
  }

  const asAdmin = await api<{ items: ReceiverRow[] }>(allowed, "/api/v1/receivers");
  const pager = asAdmin.body.items.find((receiver) => receiver.id === id);
  assert.deepEqual({ url: pager?.url, headers: pager?.headers, redacted: pager?.redacted }, { url: `http://localhost:${target.port}/hook?token=QUERY-SECRET`, headers: { Authorization: "Bearer HEADER-SECRET" }, redacted: false });
  const [delivery] = await deliveries(allowed, id);
  assert.equal(delivery.recentAttempts[0].responseBody, "stack trace with RESPONSE-SECRET");
  assert.equal(delivery.redacted, false);
});

test("a refused and a reset receiver look the same: no port-scanner oracle", async () => {
  const reset = await listen("reset");
  listeners.push(reset);
  const refusedId = await createReceiver(allowed, { name: "refused", url: `http://127.0.0.1:${await freePort()}/hook` });
  const resetId = await createReceiver(allowed, { name: "reset", url: `http://127.0.0.1:${reset.port}/hook` });
  const attempts = [await firstAttempt(allowed, refusedId), await firstAttempt(allowed, resetId)];
  assert.ok(reset.connections > 0, "the reset listener was reached");
  for (const attempt of attempts) assert.deepEqual({ status: attempt.status, error: attempt.error }, { status: null, error: NO_RESPONSE });
  for (const role of ["viewer", "operator"] as const) {
    const [refused] = await deliveries(allowed, refusedId, tokens[role]);
    const [wasReset] = await deliveries(allowed, resetId, tokens[role]);
    assert.equal(refused.lastError, wasReset.lastError);
    assert.equal(refused.recentAttempts[0].error, wasReset.recentAttempts[0].error);
  }
});

test("recovery hooks are admin-only to create, change and delete; below admin their URLs are redacted", async () => {
  const body = { name: "cab", url: "https://cab.example.com/vigil/HOOK-PATH-SECRET?token=HOOK-QUERY-SECRET", phase: "pre", enabled: false };
  const operator = tokens.operator;
  assert.equal((await api(allowed, "/api/v1/recovery/hooks", { method: "POST", token: operator, body: JSON.stringify(body) })).status, 403);
  const created = await api<HookRow & { secret: string }>(allowed, "/api/v1/recovery/hooks", { method: "POST", body: JSON.stringify(body) });
  assert.equal(created.status, 201);
  const path = `/api/v1/recovery/hooks/${created.body.id}`;
  assert.equal((await api(allowed, path, { method: "PATCH", token: operator, body: JSON.stringify({ timeoutMs: 1000 }) })).status, 403);
  assert.equal((await api(allowed, path, { method: "DELETE", token: operator })).status, 403);

  for (const role of ["viewer", "operator"] as const) {
    const listed = await api<{ items: HookRow[] }>(allowed, "/api/v1/recovery/hooks", { token: tokens[role] });
    const row = listed.body.items.find((hook) => hook.id === created.body.id);
    assert.deepEqual({ url: row?.url, redacted: row?.redacted }, { url: "https://cab.example.com/…", redacted: true }, role);
    assert.ok(!JSON.stringify(listed.body).includes("SECRET"), role);
  }
  const asAdmin = await api<{ items: HookRow[] }>(allowed, "/api/v1/recovery/hooks");
  assert.equal(asAdmin.body.items.find((hook) => hook.id === created.body.id)?.url, body.url);

  const patched = await api<HookRow & { timeoutMs: number }>(allowed, path, { method: "PATCH", body: JSON.stringify({ timeoutMs: 1000 }) });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.timeoutMs, 1000);
  assert.equal((await api(allowed, path, { method: "DELETE" })).status, 200);
});

test("hook outcomes: a refused and a silent hook read the same; a hook's own words are for admins only", async () => {
  const silent = await listen("silent");
  const vetoing = await listen("answer", () => ({ status: 200, body: JSON.stringify({ allow: false, reason: "change freeze, see https://wiki.example.com/freeze?token=REASON-SECRET" }) }));
  listeners.push(silent, vetoing);
  const hooks = [
    { node: "out-refused", url: `http://127.0.0.1:${await freePort()}/pre` },
    { node: "out-silent", url: `http://127.0.0.1:${silent.port}/pre` },
    { node: "out-veto", url: `http://127.0.0.1:${vetoing.port}/pre` },
  ];
  for (const hook of hooks) {
    agents.push(await connectRawAgent(allowed.url, hook.node, { zone: "zone-a" }, 300));
    await waitFor(`node ${hook.node} known`, async () => (await api(allowed, `/api/v1/nodes/${hook.node}`)).status === 200, 15_000, 100);
    const created = await api(allowed, "/api/v1/recovery/hooks", {
      method: "POST",
      body: JSON.stringify({ name: `gate-${hook.node}`, url: hook.url, phase: "pre", groupIds: [hook.node], timeoutMs: 500 }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const ids = new Map<string, string>();
  for (const hook of hooks) {
    // A lone node's restart leaves nothing available (the min-available guard): an admin's force lifts it.
    const requested = await api<{ id: string }>(allowed, "/api/v1/actions", { method: "POST", body: JSON.stringify({ kind: "restart", target: hook.node, reason: "outbound test", force: true }) });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    ids.set(hook.node, requested.body.id);
  }
  const finished = async (token?: string) => {
    const { body } = await api<{ items: ActionRow[] }>(allowed, "/api/v1/actions", { token });
    const rows = [...ids.values()].map((id) => body.items.find((action) => action.id === id));
    return rows.every((row) => row && row.state !== "running" && row.state !== "planned" && row.state !== "approved") ? (rows as ActionRow[]) : null;
  };
  const asAdmin = await waitFor("the three gated restarts", () => finished(), 30_000, 200);
  assert.ok(silent.connections > 0, "the silent hook was reached");
  assert.match(asAdmin[2].outcome ?? "", /REASON-SECRET/, "an admin reads the hook's reason");

  for (const role of ["viewer", "operator"] as const) {
    const [refused, wasSilent, vetoed] = (await finished(tokens[role])) ?? [];
    const shape = (row: ActionRow | undefined) => ({ state: row?.state, outcome: row?.outcome?.replace(row.target, "<node>") });
    assert.deepEqual(shape(refused), shape(wasSilent), `${role}: refused and timed out are one case`);
    assert.match(refused?.outcome ?? "", /no response: could not connect or timed out/);
    assert.equal(vetoed?.state, "cancelled");
    assert.equal(vetoed?.outcome, "vetoed by hook gate-out-veto: «hidden: admins only»", role);
  }
});
