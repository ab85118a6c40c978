import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldsFromReceiver, NEW_RECEIVER_FIELDS, receiverBodyFromFields, withFormat } from "./receiver-form";

test("a new receiver's defaults make a valid body", () => {
  const result = receiverBodyFromFields({ ...NEW_RECEIVER_FIELDS, name: " pager ", url: "http://127.0.0.1:9000/hook", groupBy: "alertname, node", headers: "X-Team: db\n\nAuthorization: Bearer abc:def" });
  assert.ok("body" in result);
  assert.deepEqual(result.body, {
    name: "pager",
    url: "http://127.0.0.1:9000/hook",
    format: "vigil",
    groupBy: ["alertname", "node"],
    groupWait: "30s",
    groupInterval: "5m",
    repeatInterval: "4h",
    sendResolved: true,
    headers: { "X-Team": "db", Authorization: "Bearer abc:def" },
    config: {},
    credentials: {},
    titleTemplate: null,
    bodyTemplate: null,
  });
});

test("every bad field is reported", () => {
  const result = receiverBodyFromFields({ ...NEW_RECEIVER_FIELDS, groupBy: "alertname 9x", groupWait: "2h", groupInterval: "soon", repeatInterval: "30s", headers: "no colon here" });
  assert.ok("errors" in result);
  assert.deepEqual(Object.keys(result.errors).sort(), ["groupBy", "groupInterval", "groupWait", "headers", "name", "repeatInterval", "url"]);
  assert.match(result.errors.groupWait ?? "", /0s to 1h/);
  assert.match(result.errors.url ?? "", /http/);
});

test("an existing receiver round-trips through the form", () => {
  const receiver = {
    name: "ops",
    url: "https://hooks.example/x",
    format: "slack",
    groupBy: ["..."],
    groupWait: 0,
    groupInterval: 90_000,
    repeatInterval: 14_400_000,
    sendResolved: false,
    severities: ["critical"],
    headers: { "X-A": "1" },
  };
  const fields = fieldsFromReceiver(receiver);
  assert.equal(fields.groupInterval, "1m30s");
  const result = receiverBodyFromFields(fields);
  assert.ok("body" in result);
  assert.deepEqual(result.body, { ...receiver, groupWait: "0s", groupInterval: "1m30s", repeatInterval: "4h", config: {}, credentials: {}, titleTemplate: null, bodyTemplate: null });
});

test("a channel's settings: typed values become the server's shape, secrets only when typed", () => {
  const fields = withFormat({ ...NEW_RECEIVER_FIELDS, name: "mail" }, "email");
  assert.equal(fields.url, "smtp://");
  const missing = receiverBodyFromFields(fields);
  assert.ok("errors" in missing);
  assert.match(missing.errors.url ?? "", /smtp/);
  assert.deepEqual(Object.keys(missing.errors.channel ?? {}), ["from"]);
  const result = receiverBodyFromFields({
    ...fields,
    url: "smtps://mail.example:465",
    config: { from: "vigil@example.com", to: "a@example.com, b@example.com", allowSelfSigned: "true", security: "" },
    credentials: { username: "vigil", password: "" },
    titleTemplate: "{{ title }}",
  });
  assert.ok("body" in result);
  assert.deepEqual(result.body.config, { from: "vigil@example.com", to: ["a@example.com", "b@example.com"], allowSelfSigned: true });
  assert.deepEqual(result.body.credentials, { username: "vigil" });
  assert.equal(result.body.titleTemplate, "{{ title }}");
  assert.equal(result.body.bodyTemplate, null);
});

test("a required secret already stored may be left empty; a new receiver must type it", () => {
  const base = { ...withFormat({ ...NEW_RECEIVER_FIELDS, name: "pd" }, "pagerduty") };
  assert.equal(base.url, "https://events.pagerduty.com");
  const fresh = receiverBodyFromFields(base);
  assert.ok("errors" in fresh);
  assert.ok(fresh.errors.channel?.routingKey);
  const stored = receiverBodyFromFields({ ...base, credentialKeys: ["routingKey"] });
  assert.ok("body" in stored);
  assert.deepEqual(stored.body.credentials, {});
  // A URL the user typed survives a change of channel; a default is replaced.
  assert.equal(withFormat({ ...base, url: "https://proxy.example/pd" }, "opsgenie").url, "https://proxy.example/pd");
  assert.equal(withFormat(base, "opsgenie").url, "https://api.opsgenie.com");
});
