import assert from "node:assert/strict";
import { test } from "node:test";
import { auditPath, EMPTY_AUDIT_FILTER, groupKinds } from "./audit-filters";

const ANCHOR = 1_800_000_000_000;

test("an empty filter asks for the newest page only", () => {
  assert.equal(auditPath(EMPTY_AUDIT_FILTER, ANCHOR), "/api/v1/audit?limit=100");
});

test("kind, actor, target, a relative range and a cursor go into the query", () => {
  const path = auditPath({ ...EMPTY_AUDIT_FILTER, action: "receiver.", actor: " admin@x ", target: "db-1", preset: "1h" }, ANCHOR, "5:9");
  const query = new URL(path, "http://x").searchParams;
  assert.equal(query.get("action"), "receiver.");
  assert.equal(query.get("actor"), "admin@x");
  assert.equal(query.get("target"), "db-1");
  assert.equal(query.get("from"), String(ANCHOR - 3_600_000));
  assert.equal(query.get("to"), null);
  assert.equal(query.get("cursor"), "5:9");
});

test("a custom range is local time, either end open", () => {
  const path = auditPath({ ...EMPTY_AUDIT_FILTER, preset: "custom", customFrom: "2026-11-26T14:03", customTo: "" }, ANCHOR);
  const query = new URL(path, "http://x").searchParams;
  assert.equal(query.get("from"), String(new Date("2026-11-26T14:03").getTime()));
  assert.equal(query.get("to"), null);
});

test("kinds are grouped by prefix, sorted", () => {
  const groups = groupKinds([
    { kind: "user.delete", prefix: "user", description: "d" },
    { kind: "auth.login", prefix: "auth", description: "l" },
    { kind: "user.create", prefix: "user", description: "c" },
  ]);
  assert.deepEqual(groups.map((g) => [g.prefix, g.kinds.map((k) => k.kind)]), [["auth", ["auth.login"]], ["user", ["user.create", "user.delete"]]]);
});
