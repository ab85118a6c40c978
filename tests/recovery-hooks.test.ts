/**
 * Recovery hooks end to end: a real Vigil process, protocol-level agents, and real HTTP endpoints
 * standing in for a change-freeze service (pre hook) and a cloud API (execute hook).
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import type { Replication } from "../lib/protocol";
import { verifyWebhook } from "../lib/webhooks/signing";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, freePort, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

type ActionRow = { id: string; kind: string; target: string; groupId: string; state: string; outcome: string | null };
type HookView = { id: string; name: string; phase: string; secretPrefix: string; secret?: string };
type HookRequest = { headers: Record<string, string>; body: string; json: { type: string; action: { id: string; kind: string; target: string; groupId: string; epoch: number } } };

/** A real HTTP endpoint that records each request and answers what `answer` says. */
async function startHookEndpoint(): Promise<{ url: string; requests: HookRequest[]; answer: (next: (request: HookRequest) => { status: number; body?: unknown }) => void; close: () => Promise<void> }> {
  const port = await freePort();
  const requests: HookRequest[] = [];
  let decide: (request: HookRequest) => { status: number; body?: unknown } = () => ({ status: 200 });
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request: HookRequest = { headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body, json: JSON.parse(body) as HookRequest["json"] };
      requests.push(request);
      const reply = decide(request);
      res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/vigil`,
    requests,
    answer: (next) => (decide = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let server: VigilProcess;
let freeze: Awaited<ReturnType<typeof startHookEndpoint>>;
let cloud: Awaited<ReturnType<typeof startHookEndpoint>>;
const agents = new Map<string, RawAgent>();
const reports = new Map<string, Replication>();
const commandsSeen: { nodeId: string; kind: string; id: string }[] = [];
let offset = 10_000;

async function connect(nodeId: string, hello: Record<string, unknown>): Promise<RawAgent> {
  const agent = await connectRawAgent(server.url, nodeId, hello, 300);
  agent.onCommand((command) => {
    commandsSeen.push({ nodeId, kind: command.kind, id: command.id });
    return { id: command.id, outcome: "succeeded", detail: `${command.kind} done`, replication: reports.get(nodeId) };
  });
  agent.beat(() => reports.get(nodeId));
  agents.set(nodeId, agent);
  return agent;
}

const actions = async () => (await api<{ items: ActionRow[] }>(server, "/api/v1/actions")).body.items;

const createHook = async (body: Record<string, unknown>) => {
  const created = await api<HookView>(server, "/api/v1/recovery/hooks", { method: "POST", body: JSON.stringify(body) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.secret ?? "", /^whsec_/, "the secret is shown on creation");
  return created.body as HookView & { secret: string };
};

before(async () => {
  [freeze, cloud] = await Promise.all([startHookEndpoint(), startHookEndpoint()]);
  server = await startVigil({ env: { VIGIL_HEARTBEAT_INTERVAL_MS: "300", VIGIL_STARTUP_GRACE_MS: "0", VIGIL_DISCONNECT_CONFIRM_MS: "1000" } });
  await api(server, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ default: { mode: "auto", failover: { confirmWindowMs: 2000 } } }) });
  for (const [i, nodeId] of ["rg1-p", "rg1-r1", "rg1-r2"].entries()) {
    const role = i === 0 ? "primary" : "replica";
    reports.set(nodeId, role === "primary" ? { role, offset, lagMs: 0, linkUp: true } : { role, offset: offset - 10 * i, lagMs: 20, linkUp: true, following: "rg1-p" });
    await connect(nodeId, { group: "rg1", role, zone: `zone-${"abc"[i]}` });
  }
  await connect("vm-1", { zone: "zone-a" });
  setInterval(() => (offset += 50), 300).unref();
  await waitFor("rg1 healthy", async () => {
    const { body } = await api<{ items: { id: string; healthyCount: number }[] }>(server, "/api/v1/replica-groups");
    return body.items.find((g) => g.id === "rg1")?.healthyCount === 3;
  }, 20_000, 200);
});

after(async () => {
  for (const agent of agents.values()) agent.stop();
  await server?.stop();
  server?.cleanup();
  await Promise.all([freeze?.close(), cloud?.close()]);
});

test("bad hook configs are refused with 400 and a clear message; viewers read but cannot write; secrets are never listed", async () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ name: "x", url: "ftp://ops.example.com/hook", phase: "pre" }, /url: only http and https URLs/],
    [{ name: "x", url: "https://ops.example.com/hook", phase: "post" }, /phase/],
    [{ name: "x", url: "https://ops.example.com/hook", phase: "pre", timeoutMs: 600_000 }, /timeoutMs is at most 60000/],
    [{ name: "x", url: "https://ops.example.com/hook", phase: "execute", actionKinds: ["reweight"] }, /execute hook performs only restart, promote, follow, run-hook/],
    [{ name: "x", url: "https://ops.example.com/hook", phase: "pre", actionKinds: ["reboot"] }, /actionKinds/],
  ];
  for (const [body, message] of bad) {
    const answer = await api<{ error: { code: string; message: string } }>(server, "/api/v1/recovery/hooks", { method: "POST", body: JSON.stringify(body) });
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.error.code, "bad_request");
    assert.match(answer.body.error.message, /^invalid recovery hook: /);
    assert.match(answer.body.error.message, message);
  }

  const viewer = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "ro", role: "viewer" }) });
  const hookBody = JSON.stringify({ name: "by-viewer", url: "https://ops.example.com/hook", phase: "pre" });
  assert.equal((await api(server, "/api/v1/recovery/hooks", { method: "POST", token: viewer.body.token, body: hookBody })).status, 403);

  const created = await createHook({ name: "scratch", url: "https://ops.example.com/hook", phase: "pre" });
  assert.equal((await api(server, "/api/v1/recovery/hooks", { method: "POST", body: JSON.stringify({ name: "scratch", url: "https://ops.example.com/other", phase: "pre" }) })).status, 409, "names are unique");
  assert.equal((await api(server, `/api/v1/recovery/hooks/${created.id}`, { method: "PATCH", token: viewer.body.token, body: JSON.stringify({ enabled: false }) })).status, 403);
  assert.equal((await api(server, `/api/v1/recovery/hooks/${created.id}`, { method: "DELETE", token: viewer.body.token })).status, 403);
  const badPatch = await api<{ error: { message: string } }>(server, `/api/v1/recovery/hooks/${created.id}`, { method: "PATCH", body: JSON.stringify({ phase: "execute", actionKinds: ["remove-from-ring"] }) });
  assert.equal(badPatch.status, 400);
  assert.match(badPatch.body.error.message, /execute hook performs only/);

  const listed = await api<{ items: HookView[] }>(server, "/api/v1/recovery/hooks", { token: viewer.body.token });
  assert.equal(listed.status, 200);
  const row = listed.body.items.find((h) => h.name === "scratch");
  assert.ok(row);
  assert.equal(row.secret, undefined, "the secret is not listed");
  assert.ok(!JSON.stringify(listed.body).includes(created.secret), "nor any part beyond its prefix");
  assert.equal(row.secretPrefix, created.secret.slice(0, 12));

  const patched = await api<HookView & { enabled: boolean }>(server, `/api/v1/recovery/hooks/${created.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.enabled, false);
  assert.equal((await api(server, `/api/v1/recovery/hooks/${created.id}`, { method: "DELETE" })).status, 200);
  assert.equal((await api(server, `/api/v1/recovery/hooks/${created.id}`, { method: "DELETE" })).status, 404);
});

test("an execute hook performs a restart of a dead VM instead of its agent, signed, and its answer is the outcome", async () => {
  const hook = await createHook({ name: "cloud-restart", url: cloud.url, phase: "execute", actionKinds: ["restart"], groupIds: ["vm-1"], timeoutMs: 3000 });
  cloud.answer((request) => ({ status: 202, body: { outcome: "succeeded", detail: `instance of ${request.json.action.target} rebooted` } }));
  // The VM is gone: its agent cannot take a command, only the cloud API can restart it.
  agents.get("vm-1")?.stop();
  const requested = await api<{ id: string }>(server, "/api/v1/actions", { method: "POST", body: JSON.stringify({ kind: "restart", target: "vm-1", reason: "VM unresponsive" }) });
  assert.equal(requested.status, 202);
  const done = await waitFor("the restart finished", async () => (await actions()).find((a) => a.id === requested.body.id && a.state !== "running") ?? null, 15_000, 200);
  assert.equal(done.state, "succeeded");
  assert.match(done.outcome ?? "", /hook cloud-restart: «instance of vm-1 rebooted»/);

  assert.equal(cloud.requests.length, 1);
  const [request] = cloud.requests;
  assert.deepEqual(verifyWebhook({ body: request.body, headers: request.headers, secrets: [hook.secret], now: Date.now() }), {
    ok: true,
    id: `${requested.body.id}-execute`,
    timestamp: Number(request.headers["webhook-timestamp"]),
  });
  assert.equal(request.json.type, "vigil.recovery.execute");
  assert.deepEqual({ id: request.json.action.id, kind: request.json.action.kind, target: request.json.action.target }, { id: requested.body.id, kind: "restart", target: "vm-1" });
  assert.ok(!commandsSeen.some((c) => c.nodeId === "vm-1"), "no command went to the agent");

  // A failure the API reports is the action's failure.
  cloud.answer(() => ({ status: 200, body: { outcome: "failed", detail: "instance i-0abc not found" } }));
  const again = await api<{ id: string }>(server, "/api/v1/actions", { method: "POST", body: JSON.stringify({ kind: "restart", target: "vm-1", reason: "VM still unresponsive" }) });
  const failed = await waitFor("the second restart finished", async () => (await actions()).find((a) => a.id === again.body.id && a.state !== "running") ?? null, 15_000, 200);
  assert.equal(failed.state, "failed");
  assert.match(failed.outcome ?? "", /instance i-0abc not found/);
  await api(server, `/api/v1/recovery/hooks/${hook.id}`, { method: "DELETE" });
});

test("a pre hook that vetoes stops a failover: the promote ends cancelled with the hook's reason and no agent is promoted", async () => {
  const hook = await createHook({ name: "change-freeze", url: freeze.url, phase: "pre", actionKinds: ["promote"], groupIds: ["rg1"] });
  freeze.answer(() => ({ status: 200, body: { allow: false, reason: "change freeze until Monday" } }));

  agents.get("rg1-p")?.stop();
  reports.set("rg1-r1", { ...(reports.get("rg1-r1") as Replication), linkUp: false });
  reports.set("rg1-r2", { ...(reports.get("rg1-r2") as Replication), linkUp: false });

  const vetoed = await waitFor("a vetoed promote", async () => (await actions()).find((a) => a.kind === "promote" && a.groupId === "rg1" && a.state === "cancelled") ?? null, 30_000, 250);
  // The hook's own words are quoted («»): they are hidden from everyone below admin.
  assert.equal(vetoed.outcome, "vetoed by hook change-freeze: «change freeze until Monday»");

  const request = freeze.requests.find((r) => r.json.action.id === vetoed.id);
  assert.ok(request, "the hook was asked about this very action");
  const verified = verifyWebhook({ body: request.body, headers: request.headers, secrets: [hook.secret], now: Date.now() });
  assert.ok(verified.ok, JSON.stringify(verified));
  assert.equal(request.headers["webhook-id"], `${vetoed.id}-pre`, "the webhook id is stable per action: a receiver can deduplicate");
  assert.equal(request.json.type, "vigil.recovery.pre-action");
  assert.equal(request.json.action.target, vetoed.target);
  assert.ok(!verifyWebhook({ body: request.body, headers: request.headers, secrets: ["whsec_" + Buffer.alloc(32, 1).toString("base64")], now: Date.now() }).ok, "another secret does not verify");

  // Vetoed again for the next candidate, the failover escalates to a human instead of looping.
  await waitFor("the failover escalated", async () => {
    const { body } = await api<{ blocks: { kind: string; groupId: string | null }[] }>(server, "/api/v1/recovery/status");
    return body.blocks.some((b) => b.kind === "failover-escalated" && b.groupId === "rg1");
  }, 30_000, 250);
  const promotes = (await actions()).filter((a) => a.kind === "promote" && a.groupId === "rg1");
  assert.ok(promotes.length >= 1);
  assert.ok(promotes.every((a) => a.state === "cancelled"), JSON.stringify(promotes));
  assert.deepEqual(commandsSeen.filter((c) => c.kind === "promote"), [], "no agent received a promote");

  const audit = await api<{ items: { action: string; outcome: string; detail: string | null }[] }>(server, "/api/v1/audit");
  assert.ok(audit.body.items.some((e) => e.action === "action.promote" && e.outcome === "vetoed" && e.detail?.includes("change-freeze")));
});
