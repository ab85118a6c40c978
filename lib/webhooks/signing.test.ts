import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { activeSecrets, newWebhookSecret, secretKey, signWebhook, verifyWebhook } from "./signing";

const body = JSON.stringify({ version: "1", status: "firing", alerts: [{ labels: { alertname: "NodeDown", note: "ünïcödé ✓" } }] });

function verifies(secret: string, payload: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(payload, headers);
    return true;
  } catch {
    return false;
  }
}

test("new secrets are whsec_ + base64 of 32 random bytes, different each time", () => {
  const first = newWebhookSecret();
  const second = newWebhookSecret();
  assert.match(first, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal(secretKey(first).length, 32);
  assert.notEqual(first, second);
});

test("the standardwebhooks package verifies our signature and returns the parsed body", () => {
  const secret = newWebhookSecret();
  const headers = signWebhook({ id: "msg_abc123", timestamp: new Date(), body, secrets: [secret] });
  assert.match(headers["webhook-signature"], /^v1,[A-Za-z0-9+/]{43}=$/);
  assert.match(headers["webhook-timestamp"], /^\d{10}$/);
  assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
});

test("our signature is byte-identical to the reference implementation's", () => {
  const secret = newWebhookSecret();
  const at = new Date("2026-03-01T12:00:00.900Z");
  const ours = signWebhook({ id: "msg_1", timestamp: at, body, secrets: [secret] });
  assert.equal(ours["webhook-signature"], new Webhook(secret).sign("msg_1", at, body));
  assert.equal(ours["webhook-timestamp"], String(Math.floor(at.getTime() / 1000)));
});

test("verification fails when the body, the timestamp, the id or the secret is altered", () => {
  const secret = newWebhookSecret();
  const headers = signWebhook({ id: "msg_abc", timestamp: Date.now(), body, secrets: [secret] });
  assert.equal(verifies(secret, body, headers), true);
  assert.equal(verifies(secret, body.replace("firing", "resolved"), headers), false);
  assert.equal(verifies(secret, `${body} `, headers), false);
  assert.equal(verifies(secret, body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) - 1) }), false);
  assert.equal(verifies(secret, body, { ...headers, "webhook-id": "msg_abd" }), false);
  assert.equal(verifies(newWebhookSecret(), body, headers), false);
});

test("a stale timestamp is rejected by receivers, so retries must be signed afresh", () => {
  const secret = newWebhookSecret();
  const stale = signWebhook({ id: "msg_abc", timestamp: Date.now() - 10 * 60_000, body, secrets: [secret] });
  assert.equal(verifies(secret, body, stale), false);
  const fresh = signWebhook({ id: "msg_abc", timestamp: Date.now(), body, secrets: [secret] });
  assert.equal(verifies(secret, body, fresh), true);
  assert.equal(fresh["webhook-id"], stale["webhook-id"]);
});

test("during rotation both secrets sign, and a receiver holding either one verifies", () => {
  const previous = newWebhookSecret();
  const next = newWebhookSecret();
  const headers = signWebhook({ id: "msg_rot", timestamp: Date.now(), body, secrets: [next, previous] });
  assert.equal(headers["webhook-signature"].split(" ").length, 2);
  assert.equal(verifies(previous, body, headers), true);
  assert.equal(verifies(next, body, headers), true);
  assert.equal(verifies(newWebhookSecret(), body, headers), false);
});

test("activeSecrets drops retired secrets, newest first, and never leaves a receiver unsigned", () => {
  const secrets = [
    { secret: "whsec_b2xk", createdAt: 1_000, retiresAt: 5_000 },
    { secret: "whsec_bmV3", createdAt: 4_000, retiresAt: null },
  ];
  assert.deepEqual(activeSecrets(secrets, 4_500), ["whsec_bmV3", "whsec_b2xk"]);
  assert.deepEqual(activeSecrets(secrets, 5_000), ["whsec_bmV3"]);
  assert.deepEqual(activeSecrets([{ secret: "whsec_b2xk", createdAt: 1, retiresAt: 2 }], 3), ["whsec_b2xk"]);
});

test("our verifier agrees with the reference one", () => {
  const secret = newWebhookSecret();
  const now = Date.now();
  const headers = signWebhook({ id: "msg_v", timestamp: now, body, secrets: [newWebhookSecret(), secret] });
  assert.deepEqual(verifyWebhook({ body, headers, secrets: [secret], now }), { ok: true, id: "msg_v", timestamp: Math.floor(now / 1000) });
  assert.equal(verifyWebhook({ body: `${body}x`, headers, secrets: [secret], now }).ok, false);
  assert.equal(verifyWebhook({ body, headers, secrets: [secret], now: now + 6 * 60_000 }).ok, false);
  assert.equal(verifyWebhook({ body, headers: { ...headers, "webhook-id": undefined }, secrets: [secret], now }).ok, false);
  const upper = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
  assert.equal(verifyWebhook({ body, headers: upper, secrets: [secret], now }).ok, true);
});

test("signing refuses what would produce an unverifiable or unsigned request", () => {
  assert.throws(() => signWebhook({ id: "msg_1", timestamp: 0, body, secrets: [] }), /without a secret/);
  assert.throws(() => signWebhook({ id: "msg 1", timestamp: 0, body, secrets: [newWebhookSecret()] }), /invalid webhook id/);
  assert.throws(() => signWebhook({ id: "msg_1", timestamp: 0, body, secrets: ["whsec_not base64!"] }), /base64/);
});
