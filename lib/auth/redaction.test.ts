import assert from "node:assert/strict";
import { test } from "node:test";
import { HIDDEN, HIDDEN_HEADER_VALUE, redactDelivery, redactHook, redactReceiver, redactText, redactUrl } from "./redaction";
import type { DeliveryView, ReceiverView } from "../protocol/api/alerts";
import type { RecoveryHookView } from "../protocol/api/recovery";

test("a URL keeps only its scheme, host and port", () => {
  const cases: [string, string][] = [
    ["https://hooks.slack.com/services/T000/B000/XXXXSECRET", "https://hooks.slack.com/…"],
    ["https://discord.com/api/webhooks/123/token", "https://discord.com/…"],
    ["http://user:pass@example.com:8080/hook?token=abc#frag", "http://example.com:8080/…"],
    ["https://example.com/?token=abc", "https://example.com/…"],
    ["https://example.com", "https://example.com/"],
    ["https://example.com/", "https://example.com/"],
    ["http://[::1]:9000/x", "http://[::1]:9000/…"],
    ["HTTPS://Example.COM/Path", "https://example.com/…"],
    ["not a url at all", "…"],
    ["weird://user:pw@host:1/p", "weird://host:1/…"],
  ];
  for (const [url, expected] of cases) assert.equal(redactUrl(url), expected, url);
});

test("every URL inside free text is redacted; sentence punctuation stays", () => {
  assert.equal(
    redactText("POST https://hooks.slack.com/services/T/B/SECRET failed, then http://u:p@10.0.0.1:81/x?token=t. Retry (see https://example.com/a)."),
    "POST https://hooks.slack.com/… failed, then http://10.0.0.1:81/…. Retry (see https://example.com/…).",
  );
  assert.equal(redactText('url "https://a.example/secret" and [http://[::1]:8080/p]'), 'url "https://a.example/…" and [http://[::1]:8080/…]');
  assert.equal(redactText("nothing to hide"), "nothing to hide");
});

test("answers quoted in outcomes are hidden, an unterminated quote too", () => {
  assert.equal(redactText("vetoed by hook cab: «change freeze, ask bob at https://x.example/p»"), `vetoed by hook cab: «${HIDDEN}»`);
  assert.equal(redactText("succeeded: hook a: «one» (pre hook b: «two»)"), `succeeded: hook a: «${HIDDEN}» (pre hook b: «${HIDDEN}»)`);
  assert.equal(redactText("failed: hook a: answered HTTP 500: «cut"), `failed: hook a: answered HTTP 500: «${HIDDEN}»`);
});

test("views: receivers lose header values and URL secrets, hooks their URL, deliveries their answers", () => {
  const receiver: ReceiverView = {
    id: "r1",
    name: "slack",
    url: "https://hooks.slack.com/services/T/B/SECRET",
    format: "slack",
    headers: { Authorization: "Bearer s3cret", "X-Team": "ops" },
    config: {},
    credentialKeys: [],
    titleTemplate: null,
    bodyTemplate: null,
    groupBy: ["alertname"],
    groupWait: 0,
    groupInterval: 1,
    repeatInterval: 1,
    sendResolved: true,
    severities: null,
    matchers: null,
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    secrets: [],
    createdAt: new Date(0).toISOString(),
    redacted: false,
  };
  const redacted = redactReceiver(receiver);
  assert.equal(redacted.url, "https://hooks.slack.com/…");
  assert.deepEqual(redacted.headers, { Authorization: HIDDEN_HEADER_VALUE, "X-Team": HIDDEN_HEADER_VALUE });
  assert.equal(redacted.redacted, true);
  assert.ok(!JSON.stringify(redacted).includes("s3cret") && !JSON.stringify(redacted).includes("SECRET"));

  const hook = { id: "h1", name: "cab", url: "https://cab.example/hook?token=t0k", redacted: false } as RecoveryHookView;
  assert.deepEqual({ url: redactHook(hook).url, redacted: redactHook(hook).redacted }, { url: "https://cab.example/…", redacted: true });

  const delivery = {
    id: 1,
    lastError: "HTTP 500",
    recentAttempts: [{ at: 0, status: 500, latencyMs: 1, error: null, responseBody: "internal token abc" }],
    redacted: false,
  } as DeliveryView;
  const hidden = redactDelivery(delivery);
  assert.equal(hidden.recentAttempts[0].responseBody, null);
  assert.equal(hidden.recentAttempts[0].status, 500);
  assert.equal(hidden.redacted, true);
});
