/**
 * A killed node pages e-mail through a real SMTP server and a PagerDuty-shaped endpoint; nobody
 * acknowledges; the escalation's second step pages whoever is on call after its delay; a click
 * on the signed acknowledge link in Chromium stops it (PagerDuty hears the acknowledgement under
 * the same dedup key); a replayed or tampered link is refused.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, test } from "node:test";
import { simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { launchChromium } from "./support/browser";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, freePort, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

type Mail = { at: number; to: string[]; subject: string; text: string };
type PagerDutyEvent = { at: number; body: { routing_key: string; event_action: string; dedup_key: string; payload?: { summary: string; severity: string; source: string }; links?: { href: string; text: string }[] } };

const SMTP_USER = "vigil";
const SMTP_PASSWORD = "smtp-secret-1";
const ROUTING_KEY = "R0UT1NGKEY0123456789012345678901";
const STEP_2_DELAY_MS = 15_000;

let server: VigilProcess;
let smtp: SMTPServer;
let smtpPort = 0;
let pagerDuty: Server;
let pagerDutyPort = 0;
let browser: Browser;
const mails: Mail[] = [];
const pdEvents: PagerDutyEvent[] = [];
const refusedPd: string[] = [];
const agents: RawAgent[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** PagerDuty's Events API v2 as documented: POST /v2/enqueue, JSON, 202 with the dedup key; 400 for a malformed event. */
function startPagerDuty(): Promise<void> {
  pagerDuty = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const problems: string[] = [];
      let body: PagerDutyEvent["body"] | null = null;
      try {
        body = JSON.parse(raw) as PagerDutyEvent["body"];
      } catch {
        problems.push("not JSON");
      }
      if (request.method !== "POST" || request.url !== "/v2/enqueue") problems.push(`${request.method} ${request.url}`);
      if (!String(request.headers["content-type"]).startsWith("application/json")) problems.push("content-type");
      if (body) {
        if (body.routing_key !== ROUTING_KEY) problems.push("routing_key");
        if (!["trigger", "acknowledge", "resolve"].includes(body.event_action)) problems.push("event_action");
        if (!body.dedup_key || body.dedup_key.length > 255) problems.push("dedup_key");
        if (body.event_action === "trigger") {
          const payload = body.payload;
          if (!payload?.summary || payload.summary.length > 1024) problems.push("payload.summary");
          if (!payload?.source) problems.push("payload.source");
          if (!["critical", "error", "warning", "info"].includes(payload?.severity ?? "")) problems.push("payload.severity");
        }
      }
      if (problems.length || !body) {
        refusedPd.push(problems.join(", "));
        response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ status: "invalid event", message: "Event object is invalid", errors: problems }));
        return;
      }
      pdEvents.push({ at: Date.now(), body });
      response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: body.dedup_key }));
    });
  });
  return new Promise((resolve) => pagerDuty.listen(pagerDutyPort, "127.0.0.1", () => resolve()));
}

function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      void simpleParser(stream).then((parsed) => {
        mails.push({ at: Date.now(), to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? "", text: parsed.text ?? "" });
        callback();
      }, callback);
    },
  });
  return new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", () => resolve()));
}

async function created<T>(path: string, body: unknown): Promise<T> {
  const answer = await api<T>(server, path, { method: "POST", body: JSON.stringify(body) });
  assert.ok(answer.status < 300, `${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const mailsTo = (address: string) => mails.filter((mail) => mail.to.includes(address) && /NodeDown/.test(mail.subject));
const linkIn = (text: string, label: RegExp): string => {
  const line = text.split("\n").find((l) => label.test(l) && /\/p\//.test(l));
  const url = line?.match(/https?:\/\/\S+\/p\/[A-Za-z0-9._~-]+/)?.[0];
  assert.ok(url, `no ${label} link in:\n${text}`);
  return url;
};

before(async () => {
  smtpPort = await freePort();
  pagerDutyPort = await freePort();
  await Promise.all([startSmtp(), startPagerDuty()]);
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0", VIGIL_RECONNECT_GRACE_MS: "3000", VIGIL_HEARTBEAT_INTERVAL_MS: "500" } });
  browser = await launchChromium();
  // Healthy neighbours: one node down in a zone of five is a node down, not a partition.
  for (let i = 1; i <= 4; i++) {
    const bystander = await connectRawAgent(server.url, `page-bystander-${i}`, { zone: "zone-a" }, 500);
    bystander.beat(() => undefined);
    agents.push(bystander);
  }
});

after(async () => {
  for (const agent of agents) agent.stop();
  await browser?.close();
  await server?.stop();
  server?.cleanup();
  await new Promise((resolve) => smtp?.close(() => resolve(undefined)));
  await new Promise((resolve) => pagerDuty?.close(() => resolve(undefined)));
});

test("a killed node pages by e-mail and PagerDuty, escalates to whoever is on call, and a signed link acknowledges it once", async () => {
  const mail = await created<{ id: string }>("/api/v1/receivers", {
    name: "ops-mail",
    format: "email",
    url: `smtp://127.0.0.1:${smtpPort}`,
    config: { from: "vigil@example.test", to: ["ops@example.test"], security: "none" },
    credentials: { username: SMTP_USER, password: SMTP_PASSWORD },
  });
  const pd = await created<{ id: string }>("/api/v1/receivers", {
    name: "pagerduty",
    format: "pagerduty",
    url: `http://127.0.0.1:${pagerDutyPort}`,
    credentials: { routingKey: ROUTING_KEY },
  });
  const user = await created<{ item: { id: string } }>("/api/v1/users", { email: "oncall@example.test", password: "oncall-password-1", role: "operator" });
  await created(`/api/v1/users/${user.item.id}/contacts`, { kind: "email", receiverId: mail.id, address: "oncall@example.test" });
  const schedule = await created<{ id: string }>("/api/v1/schedules", {
    name: "Primary",
    timeZone: "Europe/Berlin",
    rotations: [{ name: "weekly", users: [user.item.id], startsAt: Date.now() - 86_400_000, handoffTime: "09:00", lengthDays: 7 }],
  });
  await created("/api/v1/escalation-policies", {
    name: "Storage on-call",
    routing: { matchers: [{ name: "alertname", value: "NodeDown", isRegex: false, isEqual: true }], groupBy: ["alertname", "node"], groupWaitMs: 0 },
    steps: [
      { delayMs: 0, targets: [{ kind: "receiver", id: mail.id }, { kind: "receiver", id: pd.id }] },
      { delayMs: STEP_2_DELAY_MS, targets: [{ kind: "schedule", id: schedule.id }] },
    ],
    repeat: 1,
  });

  const victim = await connectRawAgent(server.url, "page-victim", { zone: "zone-a" }, 500);
  victim.beat(() => undefined);
  agents.push(victim);
  await waitFor("page-victim healthy", async () => (await api<{ node: { state: string } }>(server, "/api/v1/nodes/page-victim")).body?.node?.state === "healthy", 15_000, 200);
  victim.stop();

  // Step 1: the team's mailbox and PagerDuty, at once.
  const [first] = await waitFor("step 1 e-mail", async () => (mailsTo("ops@example.test").length ? mailsTo("ops@example.test") : null), 30_000, 200);
  const trigger = await waitFor("PagerDuty trigger", async () => pdEvents.find((e) => e.body.event_action === "trigger") ?? null, 10_000, 100);
  assert.match(trigger.body.payload?.summary ?? "", /NodeDown/);
  assert.equal(trigger.body.payload?.severity, "critical");
  assert.deepEqual(refusedPd, [], "every PagerDuty event had the documented shape");

  // Nobody acknowledges: step 2 pages whoever is on call, after its delay and not before.
  const [second] = await waitFor("step 2 e-mail to the on-call user", async () => (mailsTo("oncall@example.test").length ? mailsTo("oncall@example.test") : null), STEP_2_DELAY_MS + 20_000, 250);
  assert.ok(second.at - first.at >= STEP_2_DELAY_MS - 1_500, `step 2 came ${second.at - first.at} ms after step 1`);

  // The on-call user acknowledges from the e-mail, in a browser, without logging in.
  const acknowledge = linkIn(second.text, /acknowledge/i);
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(acknowledge);
  await tab.getByTestId("link-confirm").click();
  await tab.getByTestId("link-result").filter({ hasText: /acknowledged/i }).waitFor({ timeout: 10_000 });
  const acked = await waitFor("PagerDuty acknowledge", async () => pdEvents.find((e) => e.body.event_action === "acknowledge") ?? null, 10_000, 100);
  assert.equal(acked.body.dedup_key, trigger.body.dedup_key, "one PagerDuty incident from trigger to acknowledgement");

  const pages = await api<{ items: { status: string; acknowledgedBy: string | null }[] }>(server, "/api/v1/pages");
  assert.equal(pages.body.items[0]?.status, "acknowledged");

  // Replayed: refused, nothing changes. Tampered: refused.
  await tab.goto(acknowledge);
  const replay = tab.getByTestId("link-result").or(tab.getByTestId("link-confirm"));
  await replay.first().waitFor({ timeout: 10_000 });
  if (await tab.getByTestId("link-confirm").isVisible()) await tab.getByTestId("link-confirm").click();
  await tab.getByTestId("link-result").filter({ hasText: /already used/i }).waitFor({ timeout: 10_000 });
  const tampered = acknowledge.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
  await tab.goto(tampered);
  await tab.getByText(/invalid/i).first().waitFor({ timeout: 10_000 });
  await context.close();
  // The page only shows what a link would do; the server refuses the act itself, whoever calls it.
  const tokenOf = (url: string) => url.slice(url.lastIndexOf("/p/") + 3);
  const replayed = await fetch(`${server.url}/api/v1/links/${tokenOf(acknowledge)}`, { method: "POST" });
  assert.equal(replayed.status, 409, "a used link is refused");
  const forged = await fetch(`${server.url}/api/v1/links/${tokenOf(tampered)}`, { method: "POST" });
  assert.ok(forged.status >= 400 && forged.status < 500, `a tampered link is refused (${forged.status})`);

  // Acknowledged: the repeat that was due STEP_2_DELAY_MS after step 2 never comes.
  const before = { mails: mails.length, triggers: pdEvents.filter((e) => e.body.event_action === "trigger").length };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, second.at + STEP_2_DELAY_MS + 5_000 - Date.now())));
  assert.equal(mails.length, before.mails, "no e-mail after the acknowledgement");
  assert.equal(pdEvents.filter((e) => e.body.event_action === "trigger").length, before.triggers, "no PagerDuty trigger after the acknowledgement");

  const audit = await api<{ items: { action: string; outcome: string }[] }>(server, "/api/v1/audit?limit=100");
  assert.ok(audit.body.items.some((e) => e.action === "page.acknowledge" && !/refused/.test(e.outcome)), "the acknowledgement is audited");
  assert.ok(audit.body.items.some((e) => /refused/.test(e.outcome)), "the refused links are audited");
});
