import assert from "node:assert/strict";
import { test } from "node:test";
import { NULL_ARRAY, array, bulk, encodeReply, error, fieldArray, integer, simple } from "./resp";

const wire = (reply: Parameters<typeof encodeReply>[0]) => encodeReply(reply).toString("utf8");

test("encodeReply writes RESP2 frames", () => {
  assert.equal(wire(simple("OK")), "+OK\r\n");
  assert.equal(wire(error("ERR bad\r\nthing")), "-ERR bad thing\r\n");
  assert.equal(wire(integer(42)), ":42\r\n");
  assert.equal(wire(bulk("héllo")), "$6\r\nhéllo\r\n", "the length counts bytes, not characters");
  assert.equal(wire(bulk(null)), "$-1\r\n");
  assert.equal(wire(NULL_ARRAY), "*-1\r\n");
  assert.equal(wire(array([])), "*0\r\n");
  assert.equal(wire(array([bulk("a"), array([integer(1)])])), "*2\r\n$1\r\na\r\n*1\r\n:1\r\n");
  assert.equal(wire(fieldArray([["ip", "10.0.0.1"], ["port", 6379]])), "*4\r\n$2\r\nip\r\n$8\r\n10.0.0.1\r\n$4\r\nport\r\n$4\r\n6379\r\n");
});
