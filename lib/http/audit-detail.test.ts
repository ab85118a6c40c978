import assert from "node:assert/strict";
import { test } from "node:test";
import { auditDetail } from "./audit-detail";

test("secrets, headers and URL paths and queries never reach the audit log", () => {
  const detail = auditDetail({
    name: "pager",
    url: "https://user:pw@hooks.slack.com/services/T000/B000/XXXXSECRET?token=abc",
    headers: { authorization: "Bearer s3cret" },
    password: "hunter22hunter22",
    nested: { apiToken: "vap_x", note: "see https://example.com/a?key=k" },
  });
  assert.ok(detail);
  for (const secret of ["pw@", "XXXXSECRET", "token=abc", "s3cret", "hunter22", "vap_x", "key=k"]) assert.ok(!detail.includes(secret), `${secret} in ${detail}`);
  assert.match(detail, /"name":"pager"/);
  assert.match(detail, /hooks\.slack\.com/);
});

test("an empty body leaves no detail, a long one is cut", () => {
  assert.equal(auditDetail(undefined), undefined);
  assert.equal(auditDetail({}), undefined);
  assert.ok((auditDetail({ text: "x".repeat(10_000) }) ?? "").length <= 2_000);
});
