import assert from "node:assert/strict";
import { after, test } from "node:test";
import { parseCidr } from "../net/address-ranges";
import { BLOCKED_ERROR, NO_RESPONSE_ERROR } from "../net/outbound";
import { RESPONSE_BODY_LIMIT, createSender } from "./sender";
import { createTestReceiver, freePort } from "./test-receiver";

const receiver = createTestReceiver(await freePort());
await receiver.listen();
after(() => receiver.close());

// The test receiver is on loopback, which the outbound client refuses unless allow-listed.
const sendWebhook = createSender({ allow: [parseCidr("127.0.0.0/8")], log: () => undefined });
const request = { url: receiver.url, headers: { "content-type": "application/json", "x-token": "t" }, body: '{"a":1}', timeoutMs: 2_000 };

test("posts the body and headers, returns the status, latency and Retry-After", async () => {
  receiver.respond(() => ({ status: 429, headers: { "retry-after": "7" }, body: "slow down" }));
  const started = performance.now();
  const result = await sendWebhook(request);
  const wall = performance.now() - started;
  assert.equal(result.status, 429);
  assert.equal(result.retryAfter, "7");
  assert.equal(result.responseBody, "slow down");
  assert.equal(result.error, undefined);
  // The latency measured is the call's own: more than nothing, never more than the call took.
  assert.ok(result.latencyMs > 0 && result.latencyMs <= wall + 1, `latency ${result.latencyMs} ms of a ${wall.toFixed(1)} ms call`);
  const last = receiver.requests.at(-1);
  assert.equal(last?.body, '{"a":1}');
  assert.equal(last?.headers["x-token"], "t");
});

test("keeps only the first 2 KB of a large answer", async () => {
  receiver.respond(() => ({ status: 400, body: "x".repeat(1_000_000) }));
  const result = await sendWebhook(request);
  assert.equal(result.status, 400);
  assert.equal(result.responseBody.length, RESPONSE_BODY_LIMIT);
});

test("does not follow redirects (a POST would turn into a GET)", async () => {
  receiver.respond(() => ({ status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } }));
  const result = await sendWebhook(request);
  assert.equal(result.status, 302);
  assert.equal(result.error, undefined);
});

test("a slow receiver and a refused connection come back alike; nothing throws", async () => {
  receiver.respond(() => ({ status: 200, delayMs: 1_000 }));
  const slow = await sendWebhook({ ...request, timeoutMs: 100 });
  assert.equal(slow.status, null);
  assert.equal(slow.error, NO_RESPONSE_ERROR);
  // Given up at the timeout, not when the receiver finally answered (1 s): the answer never reached the result.
  assert.ok(slow.latencyMs >= 90, String(slow.latencyMs));
  const refused = await sendWebhook({ ...request, url: `http://127.0.0.1:${await freePort()}/hook` });
  assert.equal(refused.status, null);
  assert.equal(refused.error, NO_RESPONSE_ERROR);
  assert.equal(refused.blocked, false);
});

test("a malformed URL and an internal address outside the allow-list are refused before sending", async () => {
  const malformed = await sendWebhook({ ...request, url: "not a url" });
  assert.equal(malformed.status, null);
  assert.ok(malformed.error);
  const before = receiver.requests.length;
  const blocked = await createSender({ log: () => undefined, allow: [] })(request);
  assert.equal(blocked.status, null);
  assert.equal(blocked.error, BLOCKED_ERROR);
  assert.equal(blocked.blocked, true);
  assert.equal(receiver.requests.length, before);
});
