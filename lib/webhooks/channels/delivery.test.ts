/**
 * The real dispatcher over the memory outbox, to real servers on 127.0.0.1: an SMTP server
 * (smtp-server) requiring STARTTLS and AUTH, and one HTTP server per provider checking method,
 * path, headers and the documented body shape. Only the retry delays are scaled down.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, test } from "node:test";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { parseCidr } from "../../net/address-ranges";
import { newDelivery, newWebhookId } from "../delivery";
import { createDispatcher, type DispatcherEvent } from "../dispatcher";
import { createMailSender } from "../mail-transport";
import { createMemoryOutbox, type MemoryOutbox } from "../memory-outbox";
import type { PageAction, PageMessage } from "../message";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry-policy";
import { createSender } from "../sender";
import type { WebhookReceiver } from "../types";
import { channelReceiver, pageMessage } from "./page-fixtures";

const FAST: RetryPolicy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 20, maxDelayMs: 100, minDelayMs: 10 };
const LOOPBACK = { allow: [parseCidr("127.0.0.0/8")] };
const CERT = readFileSync(new URL("./fixtures/smtp-cert.pem", import.meta.url), "utf8");
const KEY = readFileSync(new URL("./fixtures/smtp-key.pem", import.meta.url), "utf8");
// "localhost" is the certificate's name; the test resolver answers it (and the outbound check sees 127.0.0.1).
const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

type Harness = { outbox: MemoryOutbox; events: DispatcherEvent[]; enqueue: (message: PageMessage) => string; run: (message: PageMessage) => Promise<string> };

function harness(receiver: WebhookReceiver): Harness {
  const outbox = createMemoryOutbox();
  outbox.addReceiver(receiver);
  const events: DispatcherEvent[] = [];
  const dispatcher = createDispatcher({
    outbox,
    policy: FAST,
    send: createSender(LOOPBACK),
    sendMail: createMailSender({ ...LOOPBACK, resolve, log: () => undefined }),
    pollIntervalMs: 5,
    timeoutMs: 5_000,
    onEvent: (event) => events.push(event),
  });
  dispatcher.start();
  cleanups.push(() => dispatcher.stop());
  let seq = 0;
  const enqueue = (message: PageMessage) => {
    const webhookId = newWebhookId();
    seq += 1;
    outbox.enqueue(newDelivery({ ...message, notification: { ...message.notification, seq } }, receiver, { webhookId, now: Date.now(), externalURL: "https://vigil.example" }));
    dispatcher.wake();
    return webhookId;
  };
  return {
    outbox,
    events,
    enqueue,
    async run(message) {
      const webhookId = enqueue(message);
      await until(() => events.some((event) => "webhookId" in event && event.webhookId === webhookId && event.type !== "retry"), 10_000, `${webhookId} settled`);
      return webhookId;
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 5));
  }
}

// ---------- SMTP ----------

type Smtp = { port: number; mails: ParsedMail[]; auths: { method: string; username: string }[]; secureAtAuth: boolean[] };

/** noStartTls: the server has no STARTTLS at all (hiding it is not enough: nodemailer with requireTLS sends STARTTLS anyway, and that is right). */
type SmtpOptions = { failFirstData?: number; authMethods?: string[]; implicitTls?: boolean; noStartTls?: boolean; authOptional?: boolean };

async function smtpServer(options: SmtpOptions = {}): Promise<Smtp> {
  const state: Smtp = { port: 0, mails: [], auths: [], secureAtAuth: [] };
  let dataCalls = 0;
  const server = new SMTPServer({
    key: KEY,
    cert: CERT,
    secure: options.implicitTls ?? false,
    disabledCommands: options.noStartTls ? ["STARTTLS"] : [],
    authOptional: options.authOptional ?? false,
    authMethods: options.authMethods ?? ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, session, callback) {
      state.auths.push({ method: auth.method, username: auth.username ?? "" });
      state.secureAtAuth.push(session.secure);
      if (auth.username === "vigil" && auth.password === "s3cret") return callback(null, { user: "vigil" });
      return callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        dataCalls += 1;
        if (dataCalls <= (options.failFirstData ?? 0)) return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          state.mails.push(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  state.port = (server.server.address() as AddressInfo).port;
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
  return state;
}

function emailReceiver(port: number, credentials: Record<string, unknown>, options: { scheme?: "smtp" | "smtps"; config?: Record<string, unknown> } = {}): WebhookReceiver {
  return channelReceiver("email", `${options.scheme ?? "smtp"}://localhost:${port}`, { from: "vigil@example.com", to: ["ops@example.com"], tlsCa: CERT, ...options.config }, credentials);
}

test("email: STARTTLS (certificate checked against tlsCa), AUTH, and a message whose subject is the title and text has the links", async () => {
  const smtp = await smtpServer();
  const { outbox, run } = harness(emailReceiver(smtp.port, { username: "vigil", password: "s3cret" }));
  const id = await run(pageMessage("trigger"));
  assert.equal(outbox.delivery(id)?.status, "delivered");
  assert.equal(smtp.mails.length, 1);
  assert.deepEqual(smtp.secureAtAuth, [true], "AUTH only after STARTTLS");
  const [mail] = smtp.mails;
  assert.equal(mail.subject, "[CRITICAL] NodeDown <eu-1> & friends");
  assert.match(mail.text ?? "", /Acknowledge: https:\/\/vigil\.example\/p\/ack-token/);
  assert.match(mail.text ?? "", /Open in Vigil: https:\/\/vigil\.example\/pages\/page-42/);
  assert.equal(mail.headers.get("references"), "<vigil-page-42@vigil.page>");
  // A contact method's address replaces the receiver's recipients.
  const personal = await run(pageMessage("acknowledge", { recipient: "alice@example.com" }));
  assert.equal(outbox.delivery(personal)?.status, "delivered");
  assert.equal((smtp.mails[1].headers.get("to") as { text: string }).text, "alice@example.com");
});

test("email: SMTP 451 is retried and delivered; the attempt log keeps the refusal", async () => {
  const smtp = await smtpServer({ failFirstData: 1 });
  const { outbox, run } = harness(emailReceiver(smtp.port, { username: "vigil", password: "s3cret" }));
  const id = await run(pageMessage("trigger"));
  assert.equal(outbox.delivery(id)?.status, "delivered");
  const attempts = outbox.attempts().filter((attempt) => attempt.webhookId === id);
  assert.equal(attempts.length, 2);
  assert.equal(attempts[0].status, 503);
  assert.equal(attempts[0].error, "SMTP 451");
  assert.match(attempts[0].responseBody, /451/);
  assert.equal(smtp.mails.length, 1);
});

test("email: SMTP 535 (bad password) is a client error each time, dead-lettered after the policy's client errors", async () => {
  const smtp = await smtpServer();
  const { outbox, events, run } = harness(emailReceiver(smtp.port, { username: "vigil", password: "wrong" }));
  const id = await run(pageMessage("trigger"));
  assert.equal(outbox.delivery(id)?.status, "dead");
  const attempts = outbox.attempts().filter((attempt) => attempt.webhookId === id);
  assert.equal(attempts.length, FAST.maxClientErrorAttempts);
  assert.ok(attempts.every((attempt) => attempt.status === 400 && attempt.error === "SMTP 535" && /535/.test(attempt.responseBody)));
  assert.ok(events.some((event) => event.type === "dead-letter" && event.webhookId === id));
  assert.deepEqual(smtp.auths[0], { method: "PLAIN", username: "vigil" });
  assert.equal(smtp.mails.length, 0);
});

test("email: AUTH LOGIN when the server offers only LOGIN", async () => {
  const smtp = await smtpServer({ authMethods: ["LOGIN"] });
  const { outbox, run } = harness(emailReceiver(smtp.port, { username: "vigil", password: "s3cret" }));
  const id = await run(pageMessage("trigger"));
  assert.equal(outbox.delivery(id)?.status, "delivered");
  assert.deepEqual(smtp.auths, [{ method: "LOGIN", username: "vigil" }]);
  assert.equal(smtp.mails.length, 1);
});

test("email: smtps:// is TLS from the first byte (implicit TLS, as on port 465)", async () => {
  const smtp = await smtpServer({ implicitTls: true });
  const { outbox, run } = harness(emailReceiver(smtp.port, { username: "vigil", password: "s3cret" }, { scheme: "smtps" }));
  const id = await run(pageMessage("resolve"));
  assert.equal(outbox.delivery(id)?.status, "delivered");
  assert.deepEqual(smtp.secureAtAuth, [true]);
  assert.equal(smtp.mails[0].subject, "[CRITICAL] NodeDown <eu-1> & friends");
});

test("email: STARTTLS is required: a server that does not offer it gets nothing, not even the password", async () => {
  const smtp = await smtpServer({ noStartTls: true });
  const sendMail = createMailSender({ ...LOOPBACK, resolve, log: () => undefined });
  const receiver = emailReceiver(smtp.port, { username: "vigil", password: "s3cret" });
  const body = JSON.stringify({ from: "a@example.com", to: ["d@example.com"], subject: "s", text: "t", html: "", headers: {} });
  const result = await sendMail({ receiver, body, timeoutMs: 2_000 });
  // The server refuses STARTTLS (500): a client error, as a configuration problem is, never a plain-text fallback.
  assert.equal(result.status, 400, `${result.status} ${result.error ?? ""}`);
  assert.equal(smtp.auths.length, 0);
  assert.equal(smtp.mails.length, 0);
  // Plain text only when the operator chose it (and then no TLS is attempted).
  const open = await smtpServer({ noStartTls: true, authOptional: true });
  const plain = await sendMail({ receiver: emailReceiver(open.port, {}, { config: { security: "none" } }), body, timeoutMs: 2_000 });
  assert.equal(plain.status, 250);
  assert.equal(open.mails.length, 1);
});

test("email: a server whose certificate is not trusted gets nothing", async () => {
  const smtp = await smtpServer();
  const sendMail = createMailSender({ ...LOOPBACK, resolve, log: () => undefined });
  const receiver = channelReceiver("email", `smtp://localhost:${smtp.port}`, { from: "vigil@example.com", to: ["ops@example.com"] }, { username: "vigil", password: "s3cret" });
  const result = await sendMail({ receiver, body: JSON.stringify({ from: "a@example.com", to: ["d@example.com"], subject: "s", text: "t", html: "", headers: {} }), timeoutMs: 2_000 });
  assert.equal(result.status, null);
  assert.equal(smtp.auths.length, 0);
  assert.equal(smtp.mails.length, 0);
});

test("email: an SMTP server on an internal address is refused without the allow-list", async () => {
  const smtp = await smtpServer();
  const sendMail = createMailSender({ allow: [], resolve, log: () => undefined });
  const result = await sendMail({ receiver: emailReceiver(smtp.port, { username: "vigil", password: "s3cret" }), body: JSON.stringify({ from: "a@b.c", to: ["d@e.f"], subject: "s", text: "t", html: "", headers: {} }), timeoutMs: 2_000 });
  assert.equal(result.status, null);
  assert.equal(result.blocked, true);
  assert.equal(smtp.auths.length, 0);
});

// ---------- HTTP providers ----------

type Seen = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

async function httpServer(options: { failFirst?: number } = {}): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (seen.length <= (options.failFirst ?? 0)) return void response.writeHead(503, { "content-type": "application/json" }).end('{"status":"unavailable"}');
      response.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function sendAll(receiver: WebhookReceiver, actions: PageAction[]): Promise<void> {
  const { outbox, run } = harness(receiver);
  for (const action of actions) {
    const id = await run(pageMessage(action));
    assert.equal(outbox.delivery(id)?.status, "delivered", `${receiver.format} ${action}`);
  }
}

function noSignature(headers: http.IncomingHttpHeaders): void {
  assert.equal(headers["webhook-signature"], undefined, "providers get no Standard Webhooks signature");
}

test("pagerduty: POST /v2/enqueue, routing_key in the body, one dedup_key through trigger, acknowledge, resolve", async () => {
  const server = await httpServer();
  await sendAll(channelReceiver("pagerduty", server.url, {}, { routingKey: "R0UTING" }), ["trigger", "acknowledge", "resolve"]);
  assert.deepEqual(server.seen.map((request) => `${request.method} ${request.path}`), ["POST /v2/enqueue", "POST /v2/enqueue", "POST /v2/enqueue"]);
  const bodies = server.seen.map((request) => JSON.parse(request.body));
  assert.ok(bodies.every((body) => body.routing_key === "R0UTING" && body.dedup_key === "vigil-page-42"));
  assert.deepEqual(bodies.map((body) => body.event_action), ["trigger", "acknowledge", "resolve"]);
  assert.equal(bodies[0].payload.severity, "critical");
  assert.equal(server.seen[0].headers["content-type"], "application/json");
  noSignature(server.seen[0].headers);
});

test("opsgenie: create, acknowledge and close by alias with the GenieKey header", async () => {
  const server = await httpServer();
  await sendAll(channelReceiver("opsgenie", server.url, {}, { apiKey: "genie-key" }), ["trigger", "acknowledge", "resolve"]);
  assert.deepEqual(
    server.seen.map((request) => `${request.method} ${request.path}`),
    ["POST /v2/alerts", "POST /v2/alerts/vigil-page-42/acknowledge?identifierType=alias", "POST /v2/alerts/vigil-page-42/close?identifierType=alias"],
  );
  assert.ok(server.seen.every((request) => request.headers.authorization === "GenieKey genie-key"));
  const create = JSON.parse(server.seen[0].body);
  assert.equal(create.alias, "vigil-page-42");
  assert.ok(create.message.length <= 130);
  noSignature(server.seen[0].headers);
});

test("telegram: the token in the path, HTML text and URL buttons", async () => {
  const server = await httpServer();
  await sendAll(channelReceiver("telegram", server.url, { chatId: "-100123" }, { botToken: "123:ABC" }), ["trigger"]);
  assert.equal(server.seen[0].path, "/bot123:ABC/sendMessage");
  const body = JSON.parse(server.seen[0].body);
  assert.equal(body.chat_id, "-100123");
  assert.equal(body.parse_mode, "HTML");
  assert.equal(body.reply_markup.inline_keyboard[0][0].url, "https://vigil.example/p/ack-token");
});

test("ntfy: POST to the root with the Bearer token", async () => {
  const server = await httpServer();
  await sendAll(channelReceiver("ntfy", `${server.url}/`, { topic: "ops" }, { token: "tk_1" }), ["trigger"]);
  assert.equal(server.seen[0].path, "/");
  assert.equal(server.seen[0].headers.authorization, "Bearer tk_1");
  assert.equal(JSON.parse(server.seen[0].body).topic, "ops");
});

test("teams and discord: POST to the webhook URL as it is", async () => {
  const server = await httpServer();
  await sendAll(channelReceiver("teams", `${server.url}/webhookb2/abc`), ["trigger"]);
  await sendAll(channelReceiver("discord", `${server.url}/api/webhooks/1/tok`), ["resolve"]);
  assert.deepEqual(server.seen.map((request) => request.path), ["/webhookb2/abc", "/api/webhooks/1/tok"]);
  assert.equal(JSON.parse(server.seen[0].body).attachments[0].content.type, "AdaptiveCard");
  assert.equal(JSON.parse(server.seen[1].body).embeds.length, 1);
});

test("vigil: the signed webhook body carries the page", async () => {
  const server = await httpServer();
  const receiver = { ...channelReceiver("vigil", `${server.url}/hook`), secrets: [{ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", createdAt: 0, retiresAt: null }] };
  await sendAll(receiver, ["trigger"]);
  const body = JSON.parse(server.seen[0].body);
  assert.equal(body.page.id, "page-42");
  assert.equal(body.page.links.acknowledge, "https://vigil.example/p/ack-token");
  assert.ok(server.seen[0].headers["webhook-signature"]);
});

test("pagerduty: HTTP 503 is retried with the same body, then 202 delivers", async () => {
  const server = await httpServer({ failFirst: 1 });
  const { outbox, run } = harness(channelReceiver("pagerduty", server.url, {}, { routingKey: "R0UTING" }));
  const id = await run(pageMessage("trigger"));
  assert.equal(outbox.delivery(id)?.status, "delivered");
  assert.deepEqual(
    outbox.attempts().filter((attempt) => attempt.webhookId === id).map((attempt) => attempt.status),
    [503, 202],
  );
  assert.equal(server.seen.length, 2);
  assert.equal(server.seen[0].body, server.seen[1].body);
});

test("an HTTP channel on an internal address is refused without the allow-list", async () => {
  const server = await httpServer();
  const outbox = createMemoryOutbox();
  const receiver = channelReceiver("ntfy", server.url, { topic: "ops" });
  outbox.addReceiver(receiver);
  const dispatcher = createDispatcher({ outbox, policy: FAST, send: createSender({ allow: [], log: () => undefined }) });
  const webhookId = newWebhookId();
  outbox.enqueue(newDelivery(pageMessage("trigger"), receiver, { webhookId, now: Date.now(), externalURL: "https://vigil.example" }));
  await dispatcher.runOnce();
  const [attempt] = outbox.attempts();
  assert.equal(attempt.status, null);
  assert.equal(server.seen.length, 0);
});
