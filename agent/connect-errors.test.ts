import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyConnectError, classifyErrorAck } from "./connect-errors";

const refusal = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { data: { code, message } });

test("a token at its live-connection limit is retried with backoff, whatever its message says", () => {
  assert.equal(classifyConnectError(refusal("too_many_connections", "this enrollment token already has its 2 live connections; retry later")), "retry");
  assert.equal(classifyConnectError(refusal("unauthorized", "invalid or revoked agent token")), "unauthorized");
  assert.equal(classifyConnectError(refusal("protocol_mismatch", "server speaks agent protocol 2, agent sent 3")), "fatal");
});

test("rate limits and a full backlog are retried; the item is kept", () => {
  assert.equal(classifyErrorAck("rate_limited"), "retry");
  assert.equal(classifyErrorAck("unavailable"), "retry");
  assert.equal(classifyErrorAck("bad_request"), "reject");
});
