import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteMeter } from "./byte-meter";
import { TokenBucket } from "./token-bucket";

const event = (payload: string, ack = 1) => `2/agent,${ack}["logs",${JSON.stringify({ entries: [{ message: payload }] })}]`;

test("events are judged in arrival order, each by the budget before it: a small packet cannot carry a large one in free", () => {
  const own = new TokenBucket(1000, 2000, 0);
  const meter = new ByteMeter(own, null, "/agent");
  // Both arrive before Socket.IO hands the first to its listener.
  meter.received(event("x".repeat(100)), 0);
  meter.received(event("y".repeat(5000)), 0);
  meter.received(event("z".repeat(100)), 0);
  assert.equal(meter.admitEvent(0), 0, "the small one fits");
  assert.equal(meter.admitEvent(0), 0, "the large one overdraws what is left");
  const wait = meter.admitEvent(0);
  assert.ok(wait > 3000 && wait < 4000, `the next waits until the debt is repaid: ${wait} ms`);
  assert.equal(meter.admitEvent(wait), 0, "and passes once it is");
});

test("a refused event is not charged: its resend after the delay passes", () => {
  const own = new TokenBucket(1000, 1000, 0);
  const meter = new ByteMeter(own, null, "/agent");
  meter.received(event("a".repeat(1500)), 0);
  assert.equal(meter.admitEvent(0), 0);
  meter.received(event("b".repeat(900)), 0);
  const wait = meter.admitEvent(0);
  assert.ok(wait > 0);
  meter.received(event("b".repeat(900)), wait);
  assert.equal(meter.admitEvent(wait), 0);
});

test("the token's shared budget refuses too, and counts what every connection of the token sends", () => {
  const shared = new TokenBucket(1000, 3000, 0);
  const first = new ByteMeter(new TokenBucket(1000, 10_000, 0), shared, "/agent");
  const second = new ByteMeter(new TokenBucket(1000, 10_000, 0), shared, "/agent");
  first.received(event("a".repeat(4000)), 0);
  assert.equal(first.admitEvent(0), 0);
  second.received(event("b".repeat(10)), 0);
  assert.ok(second.admitEvent(0) > 1000, "the other connection of the token waits for the shared debt");
});

test("acks, other packets and binary attachments are charged on arrival; utf-8 counts bytes", () => {
  const own = new TokenBucket(1000, 100, 0);
  const meter = new ByteMeter(own, null, "/agent");
  meter.received(`3/agent,7[{"ok":true,"data":{"epoch":1}}]`, 0);
  meter.received(new Uint8Array(200), 0);
  meter.received(event("é".repeat(10)), 0);
  assert.ok(meter.admitEvent(0) > 0, "in debt from what arrived before the event");
  assert.equal(new ByteMeter(new TokenBucket(1, 1, 0), null, "/agent").admitEvent(0), 0, "an event with no packet seen (never expected) passes uncharged");
});

test("binary event headers are events; another namespace's packets are not", () => {
  const binary = new ByteMeter(new TokenBucket(1000, 10, 0), null, "/agent");
  binary.received(`51-/agent,2["logs",{"_placeholder":true,"num":0}]`, 0);
  assert.equal(binary.admitEvent(0), 0, "the header waited for its event: judged on a full budget, then charged");
  assert.ok(binary.admitEvent(0) > 0);
  const other = new ByteMeter(new TokenBucket(1000, 10, 0), null, "/agent");
  other.received(`2/ui,1["subscribe",{}]`, 0);
  other.received(event("x"), 0);
  assert.ok(other.admitEvent(0) > 0, "the /ui packet was charged on arrival, not queued as this socket's event");
});
