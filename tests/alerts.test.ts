import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Webhook } from "standardwebhooks";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";
import { startWebhookReceiver, type ReceivedWebhook } from "./support/webhook-receiver";

type AlertmanagerBody = {
  version: string;
  groupKey: string;
  truncatedAlerts: number;
  status: "firing" | "resolved";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string; fingerprint: string }[];
};

let server: VigilProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = "";
let receiverId = "";
const agents: RawAgent[] = [];

before(async () => {
  // Short graces: this file is about notifications, and its restart test kills the server right after a node went down.
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0", VIGIL_RECONNECT_GRACE_MS: "3000", VIGIL_HEARTBEAT_INTERVAL_MS: "500" } });
  receiver = await startWebhookReceiver();
  const created = await api<{ id: string; secret: string; format: string }>(server, "/api/v1/receivers", {
    method: "POST",
    body: JSON.stringify({ name: "pager", url: receiver.url, format: "alertmanager", groupBy: ["alertname", "node"], groupWait: "0s", groupInterval: "1s", repeatInterval: "4h" }),
  });
  assert.equal(created.status, 201);
  assert.match(created.body.secret, /^whsec_/);
  secret = created.body.secret;
  receiverId = created.body.id;
  // Healthy neighbours in zone-a: the tests below take down up to four nodes of it one after the
  // other, which without them would be most of the zone down at once, i.e. a partition whose one
  // page stands in for the NodeDown pages these tests wait for (tests/root-cause.test.ts).
  for (let i = 1; i <= 4; i++) {
    const bystander = await connectRawAgent(server.url, `alert-bystander-${i}`, { zone: "zone-a" }, 500);
    bystander.beat(() => undefined);
    agents.push(bystander);
  }
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

function webhooksFor(nodeId: string, status: string): ReceivedWebhook[] {
  return receiver.received.filter((r) => {
    const body = r.json as AlertmanagerBody | null;
    return r.answered < 300 && body?.status === status && body.alerts.some((a) => a.labels.node === nodeId && a.labels.alertname === "NodeDown");
  });
}

test("a node going down produces one signed, grouped Alertmanager webhook, and a resolved one when it returns", async () => {
  const agent = await nodeOnline("alert-1");
  agent.stop();
  const [firing] = await waitFor("NodeDown webhook", async () => {
    const found = webhooksFor("alert-1", "firing");
    return found.length ? found : null;
  }, 20_000, 200);
  const verified = new Webhook(secret).verify(firing.body, firing.headers) as AlertmanagerBody;
  assert.equal(verified.version, "4");
  for (const field of ["groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts"]) {
    assert.ok(field in verified, `${field} present`);
  }
  const [alert] = verified.alerts;
  assert.equal(alert.labels.alertname, "NodeDown");
  assert.equal(alert.labels.severity, "critical");
  assert.equal(alert.labels.zone, "zone-a");
  for (const field of ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"]) assert.ok(field in alert, `alert.${field}`);
  assert.equal(alert.endsAt, "0001-01-01T00:00:00Z");
  assert.throws(() => new Webhook(secret).verify(firing.body.replace("NodeDown", "NodeUp!"), firing.headers), "an altered body fails verification");

  await nodeOnline("alert-1");
  await waitFor("resolved webhook", async () => webhooksFor("alert-1", "resolved").length > 0, 20_000, 200);
  assert.equal(webhooksFor("alert-1", "firing").length, 1, "one firing notification, not one per evaluation");
  const alerts = await api<{ items: { labels: Record<string, string>; status: string }[] }>(server, "/api/v1/alerts");
  assert.ok(alerts.body.items.some((a) => a.labels.node === "alert-1" && a.status === "resolved"));
});

test("a silence stops the next notification", async () => {
  const agent = await nodeOnline("alert-2");
  const silence = await api<{ id: string; state: string }>(server, "/api/v1/silences", {
    method: "POST",
    body: JSON.stringify({ matchers: [{ name: "alertname", value: "NodeDown" }, { name: "node", value: "alert-2" }], endsAt: Date.now() + 3_600_000, comment: "planned reboot" }),
  });
  assert.equal(silence.status, 201);
  assert.equal(silence.body.state, "active");
  agent.stop();
  await waitFor("NodeDown firing in Vigil", async () => {
    const { body } = await api<{ items: { labels: Record<string, string>; status: string }[] }>(server, "/api/v1/alerts?status=firing");
    return body.items.some((a) => a.labels.node === "alert-2");
  }, 20_000, 200);
  // An unsilenced node going down after it: once its notification is out, the notifier has had its chance at alert-2's.
  const control = await nodeOnline("alert-2-control");
  control.stop();
  await waitFor("the unsilenced NodeDown notification", async () => webhooksFor("alert-2-control", "firing").length > 0, 20_000, 200);
  assert.equal(webhooksFor("alert-2", "firing").length, 0, "silenced: nothing sent");
});

test("a receiver that fails is retried with the same webhook-id until it answers", async () => {
  let failures = 0;
  receiver.respond((request) => {
    const body = request.json as AlertmanagerBody | null;
    if (body?.alerts.some((a) => a.labels.node === "alert-3") && failures < 2) {
      failures++;
      return 503;
    }
    return 200;
  });
  const agent = await nodeOnline("alert-3");
  agent.stop();
  const delivered = await waitFor("delivered after retries", async () => {
    const found = webhooksFor("alert-3", "firing");
    return found.length ? found[0] : null;
  }, 40_000, 250);
  const attempts = receiver.received.filter((r) => r.headers["webhook-id"] === delivered.headers["webhook-id"]);
  assert.deepEqual(attempts.map((a) => a.answered), [503, 503, 200]);
  // The receiver's 200 is recorded once the dispatcher has its answer, a moment after the receiver saw the request.
  const row = await waitFor("the delivery recorded as delivered", async () => {
    const log = await api<{ items: { webhookId: string; status: string; attempts: number }[] }>(server, `/api/v1/deliveries?receiverId=${receiverId}`);
    const found = log.body.items.find((d) => d.webhookId === delivered.headers["webhook-id"]);
    return found?.status === "delivered" ? found : null;
  }, 15_000, 200);
  assert.equal(row.attempts, 3);
  receiver.respond(() => 200);
});

test("SIGKILL of the server with a notification pending: delivered after restart", async () => {
  let down = true;
  receiver.respond((request) => {
    const body = request.json as AlertmanagerBody | null;
    return down && body?.alerts.some((a) => a.labels.node === "alert-4") ? 503 : 200;
  });
  const agent = await nodeOnline("alert-4");
  agent.stop();
  await waitFor("first failed attempt", async () => receiver.received.some((r) => r.answered === 503 && (r.json as AlertmanagerBody).alerts.some((a) => a.labels.node === "alert-4")), 20_000, 200);
  await server.kill();
  down = false;
  server = await server.restart();
  await waitFor("delivered after restart", async () => webhooksFor("alert-4", "firing").length > 0, 60_000, 250);
  const ids = new Set(receiver.received.filter((r) => (r.json as AlertmanagerBody | null)?.alerts.some((a) => a.labels.node === "alert-4") && (r.json as AlertmanagerBody).status === "firing").map((r) => r.headers["webhook-id"]));
  assert.equal(ids.size, 1, "the same webhook-id before and after the restart: not a second notification");
});

test("alerts received from Prometheus' Alertmanager are routed to receivers like Vigil's own", async () => {
  receiver.respond(() => 200);
  const incoming = await api<{ accepted: number }>(server, "/api/v1/alertmanager", {
    method: "POST",
    body: JSON.stringify({
      version: "4",
      status: "firing",
      receiver: "vigil",
      alerts: [{ status: "firing", labels: { alertname: "HighRequestLatency", node: "db-9", severity: "warning" }, annotations: { summary: "p99 over 1 s" }, startsAt: new Date().toISOString(), endsAt: "0001-01-01T00:00:00Z" }],
    }),
  });
  assert.equal(incoming.status, 200);
  assert.equal(incoming.body.accepted, 1);
  const bad = await api(server, "/api/v1/alertmanager", { method: "POST", body: JSON.stringify({ alerts: [{ labels: {} }] }) });
  assert.equal(bad.status, 400);
  await waitFor("forwarded webhook", async () =>
    receiver.received.some((r) => (r.json as AlertmanagerBody | null)?.alerts?.some((a) => a.labels.alertname === "HighRequestLatency" && a.labels.source === "alertmanager")),
  20_000, 200);
});

test("410 Gone disables the receiver and opens an incident", async () => {
  receiver.respond(() => 410);
  const test410 = await api(server, `/api/v1/receivers/${receiverId}/test`, { method: "POST" });
  assert.equal(test410.status, 202);
  await waitFor("receiver disabled", async () => {
    const { body } = await api<{ items: { id: string; enabled: boolean; disabledReason: string | null }[] }>(server, "/api/v1/receivers");
    return body.items.find((r) => r.id === receiverId)?.enabled === false;
  }, 20_000, 250);
  const incidents = await api<{ items: { kind: string; subject: string }[] }>(server, "/api/v1/incidents");
  assert.ok(incidents.body.items.some((i) => i.kind === "receiver_disabled" && i.subject === receiverId));
});
