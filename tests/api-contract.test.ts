import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { z } from "zod";
import { buildOpenApiDocument } from "../lib/protocol/api/openapi";
import { API_ROUTES, type ApiRoute } from "../lib/protocol/api/routes";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

/**
 * The answers of a real server against the response schemas of lib/protocol/api: parsing must
 * succeed and must not drop a field (zod objects strip unknown keys, so a field the server sends
 * but the contract does not describe makes the parsed value differ from the answer).
 */

const TIMEOUT = { timeout: 120_000 };
let server: VigilProcess;
const agents: RawAgent[] = [];

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
  for (const [index, role] of (["primary", "replica"] as const).entries()) {
    const agent = await connectRawAgent(server.url, `contract-${index}`, { group: "shard-x", role, zone: `zone-${index}` }, 500);
    agent.beat(() => (role === "primary" ? { role, offset: 100, lagMs: 0, linkUp: true } : { role, offset: 90, lagMs: 10, linkUp: true, following: "contract-0" }));
    agents.push(agent);
  }
  await waitFor("the group on the ring", async () => (await api<{ epoch: number }>(server, "/api/v1/ring")).body.epoch >= 1, 20_000, 250);
});
after(async () => {
  for (const agent of agents) agent.stop();
  await server.stop();
  server.cleanup();
});

function route(method: ApiRoute["method"], path: string): ApiRoute {
  const found = API_ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
  assert.ok(found, `${method} ${path} is not in the route table`);
  return found;
}

function assertFits(schema: z.ZodType, body: unknown, what: string): void {
  const parsed = schema.safeParse(body);
  assert.ok(parsed.success, `${what}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  assert.deepEqual(parsed.data, body, `${what}: the answer has fields the contract does not describe`);
}

async function call(method: ApiRoute["method"], path: string, concrete = path, body?: unknown): Promise<unknown> {
  const contract = route(method, path);
  const answer = await api(server, concrete, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  assert.equal(answer.status, contract.status ?? 200, `${method} ${concrete}: ${JSON.stringify(answer.body)}`);
  assertFits(contract.response, answer.body, `${method} ${concrete}`);
  return answer.body;
}

test("writes answer what the contract says", TIMEOUT, async () => {
  await call("POST", "/api/v1/silences", "/api/v1/silences", { matchers: [{ name: "node", value: "contract-1" }], endsAt: Date.now() + 3_600_000, comment: "contract test" });
  const receiver = (await call("POST", "/api/v1/receivers", "/api/v1/receivers", { name: "contract", url: "http://127.0.0.1:9/hook", groupWait: "0s" })) as { id: string };
  await call("PATCH", "/api/v1/receivers/{id}", `/api/v1/receivers/${receiver.id}`, { enabled: false });
  await call("POST", "/api/v1/maintenance", "/api/v1/maintenance", { target: { node: "contract-1" }, endsAt: Date.now() + 3_600_000, comment: "contract test" });
  await call("POST", "/api/v1/maintenance", "/api/v1/maintenance", { target: { group: "contract-none" }, comment: "contract test", recurrence: { kind: "weekly", days: ["sun"], at: "04:00", durationMs: 3_600_000, timeZone: "Europe/Berlin" } });
  await call("POST", "/api/v1/receivers/preview", "/api/v1/receivers/preview", { format: "email", titleTemplate: "{{ alertname }} on {{ commonLabels.group }}", bodyTemplate: "{% if %}" });
  await call("POST", "/api/v1/ring/preview", "/api/v1/ring/preview", { reweight: [{ id: "shard-x", weight: 2 }] });
  await call("POST", "/api/v1/recovery/hooks", "/api/v1/recovery/hooks", { name: "contract", url: "http://127.0.0.1:9/pre", phase: "pre" });
  await call("POST", "/api/v1/api-tokens", "/api/v1/api-tokens", { name: "contract", role: "viewer" });
  await call("POST", "/api/v1/recovery/freeze", "/api/v1/recovery/freeze", { reason: "contract test" });
  await call("POST", "/api/v1/recovery/unfreeze");
});

test("every read answers what the contract says", TIMEOUT, async () => {
  const concrete: Record<string, string> = {
    "/api/v1/nodes/{id}": "/api/v1/nodes/contract-0",
    "/api/v1/nodes/{id}/metrics": "/api/v1/nodes/contract-0/metrics?range=15m",
    "/api/v1/nodes/{id}/events": "/api/v1/nodes/contract-0/events",
    "/api/v1/nodes/{id}/groups": "/api/v1/nodes/contract-0/groups",
    "/api/v1/nodes/{id}/steering": "/api/v1/nodes/contract-0/steering",
    "/api/v1/ring/lookup": "/api/v1/ring/lookup?key=user:42",
    "/api/v1/replica-groups/{id}/switchover": "/api/v1/replica-groups/shard-x/switchover",
    "/api/v1/incidents/{id}": "",
    // No page exists without an alert; tests/page-links.test.ts reads one, tests/on-call-api.test.ts policies and schedules.
    "/api/v1/pages/{id}": "",
  };
  const onCallItem = /^\/api\/v1\/((schedules|escalation-policies)\/\{id\}|users\/\{id\}\/contacts)/;
  const reads = API_ROUTES.filter((candidate) => candidate.method === "GET" && concrete[candidate.path] !== "" && !onCallItem.test(candidate.path));
  for (const read of reads) await call("GET", read.path, concrete[read.path] ?? read.path);
  await call("GET", "/api/v1/ring", "/api/v1/ring?tokens=1");
});

test("the served document is the generated one, open without a token", TIMEOUT, async () => {
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  assert.equal(response.status, 200);
  const served = (await response.json()) as { info: { version: string } };
  assert.deepEqual(served, buildOpenApiDocument(undefined, served.info.version));
});
