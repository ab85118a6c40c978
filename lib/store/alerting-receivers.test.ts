/** Receivers' channel settings through the real store: per-format checks, write-only credentials. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { newReceiverSchema, receiverUpdateSchema } from "../protocol/api/alerts";
import { createReceiver, enqueueTestNotification, updateReceiver } from "./alerting";
import { applyMigrations } from "./migrate";
import { receiverRowToWebhookReceiver } from "./outbox";
import { openDatabase, type Db } from "./prisma";

let dir: string;
let db: Db;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-receivers-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  db = await openDatabase(url);
});
after(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

test("a PagerDuty receiver: the key is stored, never answered, kept when an update leaves it empty", async () => {
  const created = await createReceiver(db, newReceiverSchema.parse({ name: "pd", format: "pagerduty", url: "https://events.pagerduty.com", credentials: { routingKey: "R0UTING" }, config: { source: "prod" } }), Date.now());
  assert.deepEqual(created.credentialKeys, ["routingKey"]);
  assert.deepEqual(created.config, { source: "prod" });
  assert.ok(!JSON.stringify(created).includes("R0UTING"));
  const updated = await updateReceiver(db, created.id, receiverUpdateSchema.parse({ credentials: { routingKey: "" }, titleTemplate: "{{ title }}" }));
  assert.equal(updated.titleTemplate, "{{ title }}");
  const row = await db.receiver.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(receiverRowToWebhookReceiver(row).credentials.routingKey, "R0UTING");
  await updateReceiver(db, created.id, receiverUpdateSchema.parse({ credentials: { routingKey: "NEW" } }));
  const rotated = await db.receiver.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(receiverRowToWebhookReceiver(rotated).credentials.routingKey, "NEW");
  // The test button goes through the channel: the stored body is PagerDuty's, without the key.
  const { webhookId } = await enqueueTestNotification(db, created.id, "alice", Date.now());
  const delivery = await db.delivery.findUniqueOrThrow({ where: { webhookId } });
  assert.equal(JSON.parse(delivery.body).event_action, "trigger");
  assert.ok(!delivery.body.includes("NEW"));
});

test("settings are checked per format", async () => {
  await assert.rejects(createReceiver(db, newReceiverSchema.parse({ name: "pd2", format: "pagerduty", url: "https://events.pagerduty.com" }), Date.now()), /credentials: routingKey/);
  await assert.rejects(createReceiver(db, newReceiverSchema.parse({ name: "mail", format: "email", url: "https://mail.example", config: { from: "v@example.com" } }), Date.now()), /smtp:\/\//);
  await assert.rejects(createReceiver(db, newReceiverSchema.parse({ name: "hook", format: "vigil", url: "smtp://mail.example" }), Date.now()), /http/);
  const mail = await createReceiver(db, newReceiverSchema.parse({ name: "mail", format: "email", url: "smtp://mail.example:587", config: { from: "v@example.com", to: ["ops@example.com"] }, credentials: { username: "u", password: "p" } }), Date.now());
  assert.deepEqual(mail.config, { from: "v@example.com", to: ["ops@example.com"], security: "starttls", allowSelfSigned: false });
  assert.deepEqual(mail.credentialKeys, ["password", "username"]);
  // A new format starts without the old one's secrets.
  await assert.rejects(updateReceiver(db, mail.id, receiverUpdateSchema.parse({ format: "telegram", url: "https://api.telegram.org", config: { chatId: "-1" } })), /credentials: botToken/);
});

test("a provider API's public base is the default URL; a webhook or SMTP receiver must name one", async () => {
  const telegram = await createReceiver(db, newReceiverSchema.parse({ name: "tg", format: "telegram", config: { chatId: "-100123" }, credentials: { botToken: "123:ABC" } }), Date.now());
  assert.equal(telegram.url, "https://api.telegram.org");
  assert.ok(!JSON.stringify(telegram).includes("123:ABC"));
  await assert.rejects(createReceiver(db, newReceiverSchema.parse({ name: "hook2", format: "vigil" }), Date.now()), /url/);
  await assert.rejects(createReceiver(db, newReceiverSchema.parse({ name: "mail2", format: "email", config: { from: "v@example.com" } }), Date.now()), /url/);
});
