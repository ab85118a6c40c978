import assert from "node:assert/strict";
import { test } from "node:test";
import { WriteRetryQueue } from "./write-retry-queue";

type Event = { nodeId: string; to: string };
type Snapshot = { id: string; state: string };

const queue = (maxEvents = 100) => new WriteRetryQueue<Event, Snapshot>((s) => s.id, { maxEvents, baseBackoffMs: 100, maxBackoffMs: 1_000 });

test("a failed batch goes back in front of what arrived meanwhile: each node's events stay in order", () => {
  const q = queue();
  q.add([{ nodeId: "a", to: "suspect" }, { nodeId: "b", to: "suspect" }], []);
  const first = q.take(0);
  assert.ok(first);
  q.add([{ nodeId: "a", to: "down" }], []);
  q.failed(first, 0);
  const retry = q.take(1_000);
  assert.deepEqual(retry?.events, [{ nodeId: "a", to: "suspect" }, { nodeId: "b", to: "suspect" }, { nodeId: "a", to: "down" }]);
  assert.equal(q.size(), 0);
});

test("snapshots collapse to the latest per node; one added while a write failed wins over the failed one", () => {
  const q = queue();
  q.add([], [{ id: "a", state: "healthy" }, { id: "b", state: "healthy" }]);
  q.add([], [{ id: "a", state: "suspect" }]);
  const batch = q.take(0);
  assert.deepEqual(batch?.snapshots.map((s) => `${s.id}:${s.state}`).sort(), ["a:suspect", "b:healthy"]);
  q.add([], [{ id: "b", state: "down" }]);
  if (batch) q.failed(batch, 0);
  assert.deepEqual(q.take(10_000)?.snapshots.map((s) => `${s.id}:${s.state}`).sort(), ["a:suspect", "b:down"]);
});

test("events past the cap drop the oldest and are counted", () => {
  const q = queue(3);
  q.add(["1", "2", "3", "4", "5"].map((to) => ({ nodeId: "a", to })), []);
  assert.equal(q.dropped, 2);
  const batch = q.take(0);
  assert.deepEqual(batch?.events.map((e) => e.to), ["3", "4", "5"]);
  q.add([{ nodeId: "a", to: "6" }], []);
  if (batch) q.failed(batch, 0);
  assert.equal(q.dropped, 3, "putting a failed batch back counts what no longer fits too");
  assert.deepEqual(q.take(10_000)?.events.map((e) => e.to), ["4", "5", "6"]);
});

test("retries back off exponentially up to the maximum, and a success resets it", () => {
  const q = queue();
  q.add([{ nodeId: "a", to: "down" }], []);
  const delays: number[] = [];
  let now = 0;
  for (let i = 0; i < 6; i++) {
    const batch = q.take(now);
    assert.ok(batch, `attempt ${i} is due at ${now}`);
    assert.equal(q.take(now), null, "nothing is handed out twice");
    const delay = q.failed(batch, now);
    delays.push(delay);
    assert.equal(q.take(now + delay - 1), null, "not before the backoff");
    now += delay;
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1_000, 1_000]);
  const batch = q.take(now);
  assert.ok(batch);
  q.succeeded();
  assert.equal(q.failing, 0);
  q.add([{ nodeId: "a", to: "healthy" }], []);
  assert.ok(q.take(now), "after a success the next write goes at once");
});

test("an empty queue hands out nothing; clear gives up what waits", () => {
  const q = queue();
  assert.equal(q.take(0), null);
  q.add([{ nodeId: "a", to: "down" }], [{ id: "a", state: "down" }]);
  assert.equal(q.clear(), 1);
  assert.equal(q.size(), 0);
});
