import assert from "node:assert/strict";
import { test } from "node:test";
import type { Heartbeat } from "../lib/protocol/agent";
import { silentLogger } from "./logger";
import { createMemorySpool } from "./spool";
import { StreamSender, type SendOutcome } from "./stream-sender";

const metrics = { cpu: 0.1, mem: 0.2, disk: 0.3, netIn: 1, netOut: 1, load1: 0.1 };

/** A sender over a memory spool whose emits the test answers; records when each seq was sent. */
function harness(maxInFlight: number) {
  const spool = createMemorySpool();
  const sends: { seq: number; at: number; done: (outcome: SendOutcome) => void }[] = [];
  const sender = new StreamSender<Heartbeat>({
    label: "heartbeat",
    spool: spool.heartbeats,
    maxBatch: 1,
    maxInFlight,
    canSend: () => true,
    logger: silentLogger,
    emit: (items, done) => sends.push({ seq: items[0].seq, at: Date.now(), done }),
  });
  const push = (count: number) => {
    for (let i = 0; i < count; i++) spool.heartbeats.append({ seq: spool.heartbeats.nextSeq(), ts: Date.now(), metrics });
  };
  return { spool, sends, sender, push };
}

const until = async (what: string, probe: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

test("a refusal with retryAfterMs holds every resend at least that long; the item stays spooled", async () => {
  const { spool, sends, sender, push } = harness(4);
  push(1);
  sender.connected();
  assert.equal(sends.length, 1);
  const refusedAt = Date.now();
  sends[0].done({ kind: "retry", reason: "unavailable: ingest backlog full", retryAfterMs: 600 });
  assert.equal(spool.heartbeats.size(), 1, "kept in the spool");
  push(1);
  sender.pump();
  assert.equal(sends.length, 1, "nothing new is sent during the hold either");
  await until("the resend", () => sends.length >= 2);
  assert.equal(sends[1].seq, 1, "the refused item first, in order");
  assert.ok(sends[1].at - refusedAt >= 600, `resent after ${sends[1].at - refusedAt} ms`);
  for (const send of sends.slice(1)) send.done({ kind: "ok" });
  await until("everything acknowledged", () => spool.heartbeats.size() === 0);
});

test("a later answer of the same window asking for a longer wait extends the hold", async () => {
  const { sends, sender, push } = harness(2);
  push(2);
  sender.connected();
  assert.equal(sends.length, 2);
  const refusedAt = Date.now();
  sends[0].done({ kind: "retry", reason: "rate_limited: too many bytes", retryAfterMs: 50 });
  sends[1].done({ kind: "retry", reason: "rate_limited: too many bytes", retryAfterMs: 700 });
  await until("the resend", () => sends.length >= 3);
  assert.ok(sends[2].at - refusedAt >= 700, `resent after ${sends[2].at - refusedAt} ms`);
});

test("without retryAfterMs the backoff stays the sender's own (first step at most 250 ms)", async () => {
  const { sends, sender, push } = harness(1);
  push(1);
  sender.connected();
  const refusedAt = Date.now();
  sends[0].done({ kind: "retry", reason: "malformed ack" });
  await until("the resend", () => sends.length >= 2);
  assert.ok(sends[1].at - refusedAt <= 400, `resent after ${sends[1].at - refusedAt} ms`);
});
