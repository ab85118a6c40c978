import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";
import { startWebhookReceiver, type ReceivedWebhook } from "./support/webhook-receiver";

// Operators' regexes (silences, rules) are RE2, as in Prometheus and Alertmanager: linear time,
// and what RE2 does not have (backreferences, lookaround) is refused with the reason.

type ErrorBody = { error: { code: string; message: string } };

let server: VigilProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const agents: RawAgent[] = [];

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0", VIGIL_HEARTBEAT_INTERVAL_MS: "500" } });
  receiver = await startWebhookReceiver();
  const created = await api(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "pager", url: receiver.url, format: "alertmanager", groupBy: ["alertname", "node"], groupWait: "0s", groupInterval: "1s", repeatInterval: "4h" }),
  });
  assert.equal(created.status, 201);
});
after(async () => {
  for (const agent of agents) agent.stop();
  await server.stop();
  server.cleanup();
  await receiver.close();
});

async function nodeOnline(nodeId: string): Promise<RawAgent> {
  const agent = await connectRawAgent(server.url, nodeId, { zone: "zone-a" }, 500);
  agent.beat(() => undefined);
  agents.push(agent);
  await waitFor(`${nodeId} healthy`, async () => (await api<{ node: { state: string } }>(server, `/api/v1/nodes/${nodeId}`)).body?.node?.state === "healthy", 15_000, 200);
  return agent;
}

function nodeDownWebhooks(nodeId: string): ReceivedWebhook[] {
  return receiver.received.filter((r) => {
    const body = r.json as { status: string; alerts: { labels: Record<string, string> }[] } | null;
    return r.answered < 300 && body?.status === "firing" && body.alerts.some((a) => a.labels.node === nodeId && a.labels.alertname === "NodeDown");
  });
}

function silenceBody(value: string) {
  return JSON.stringify({ matchers: [{ name: "alertname", value: "NodeDown" }, { name: "node", value, isRegex: true }], endsAt: Date.now() + 3_600_000, comment: "re2 test" });
}

test("a silence matcher with a backreference is refused with 400 naming RE2", async () => {
  const answer = await api<ErrorBody>(server, "/api/v1/silences", { method: "POST", body: silenceBody("(a)\\1") });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.error.code, "bad_request");
  assert.match(answer.body.error.message, /not an RE2 pattern: backreferences/);
});

test("a log rule with a lookahead is refused with 400 naming RE2", async () => {
  const rules = {
    log: [{ name: "SlowErrors", pattern: "error(?=.*timeout)", windowSeconds: 60, threshold: 1, severity: "warning" }],
  };
  const answer = await api<ErrorBody>(server, "/api/v1/rules", { method: "PUT", body: JSON.stringify(rules) });
  assert.equal(answer.status, 400);
  assert.match(answer.body.error.message, /log\.0\.pattern: not an RE2 pattern: lookahead/);
  const kept = await api<{ rules: { log: unknown[] } }>(server, "/api/v1/rules");
  assert.deepEqual(kept.body.rules.log, [], "nothing was saved");
});

test("a catastrophic-backtracking pattern is accepted and answers at once", async () => {
  // With a backtracking engine, every alert tested against this would take ~2^36 steps.
  const answer = await api<{ state: string }>(server, "/api/v1/silences", { method: "POST", body: silenceBody("(a+)+$") });
  assert.equal(answer.status, 201);
  const alerts = await api(server, "/api/v1/alerts");
  assert.equal(alerts.status, 200, "the server still answers");
});

test("a valid RE2 matcher (anchored, alternation) silences a firing alert", async () => {
  const silence = await api<{ state: string }>(server, "/api/v1/silences", { method: "POST", body: silenceBody("re2-(quiet|hushed)") });
  assert.equal(silence.status, 201);
  assert.equal(silence.body.state, "active");

  const quiet = await nodeOnline("re2-quiet");
  quiet.stop();
  await waitFor("NodeDown firing for re2-quiet", async () => {
    const { body } = await api<{ items: { labels: Record<string, string> }[] }>(server, "/api/v1/alerts?status=firing");
    return body.items.some((a) => a.labels.node === "re2-quiet" && a.labels.alertname === "NodeDown");
  }, 20_000, 200);
  // Anchored: "re2-quiet-2" contains "re2-quiet" but is not matched, so its alert is sent; once it
  // is out, the notifier has had its chance at re2-quiet's.
  const control = await nodeOnline("re2-quiet-2");
  control.stop();
  await waitFor("the unsilenced NodeDown notification", async () => nodeDownWebhooks("re2-quiet-2").length > 0, 20_000, 200);
  assert.equal(nodeDownWebhooks("re2-quiet").length, 0, "silenced by the RE2 matcher: nothing sent");
});
