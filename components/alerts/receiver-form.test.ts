import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldsFromReceiver, NEW_RECEIVER_FIELDS, receiverBodyFromFields } from "./receiver-form";

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
  assert.deepEqual(result.body, { ...receiver, groupWait: "0s", groupInterval: "1m30s", repeatInterval: "4h" });
});
