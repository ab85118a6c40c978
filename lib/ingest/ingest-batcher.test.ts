import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { HeartbeatAck } from "../protocol/agent";
import type { Ack } from "../protocol/common";
import { detectorConfig } from "../detect/detector";
import { toErrorBody } from "../errors";
import { LiveFleet } from "../fleet/live-fleet";
import { applyMigrations } from "../store/migrate";
import { TimeSeriesWriter } from "../store/timeseries-writer";
import { IngestBatcher } from "./ingest-batcher";

let dir: string;
let writer: TimeSeriesWriter;
const T0 = 1_800_000_000_000;
const metrics = { cpu: 10, mem: 20, disk: 30, netIn: 1, netOut: 1, load1: 0.5 };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-batcher-"));
  const url = `file:${join(dir, "vigil.db")}`;
  await applyMigrations(url);
  writer = new TimeSeriesWriter(url);
});
after(async () => {
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

test("under saturation every batch holds at most VIGIL_INGEST_MAX_BATCH rows, committed in order before its acks", async () => {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000, reconnectGraceMs: 0 }));
  const nodes = 50;
  for (let n = 0; n < nodes; n++) {
    const id = `n${n}`;
    await writer.upsertNodeInfo({ id, hostname: id, address: null, zone: null, labels: "{}", weight: 1, group: null, role: null, agentVersion: "test" }, T0);
    fleet.applyHello(id, { hostname: id, agentVersion: "test" }, { heartbeat: 0, log: 0 }, T0);
  }
  const batchSizes: number[] = [];
  const batcher = new IngestBatcher(writer, fleet, { flushMs: 1000, maxBatch: 300 }, { onBatchWritten: (_seconds, heartbeats) => batchSizes.push(heartbeats) });
  const acks: Ack<HeartbeatAck>[] = [];
  // 2,000 heartbeats arrive in one go, far faster than one batch commits.
  for (let seq = 1; seq <= 40; seq++) {
    for (let n = 0; n < nodes; n++) batcher.heartbeat(`n${n}`, { seq, ts: T0 + seq * 1000, metrics }, (ack) => acks.push(ack));
  }
  batcher.heartbeat("n0", { seq: 40, ts: T0 + 40_000, metrics }, (ack) => acks.push(ack));
  await batcher.flush();
  assert.equal(batchSizes.reduce((a, b) => a + b, 0), 2_000);
  assert.ok(batchSizes.every((size) => size <= 300), `batch sizes ${batchSizes.join(", ")}`);
  assert.equal(acks.length, 2_001);
  assert.ok(acks.every((ack) => ack.ok));
  assert.deepEqual(acks[acks.length - 1], { ok: true, data: { seq: 40, duplicate: true } }, "a resend is acknowledged as a duplicate");
  assert.deepEqual(await writer.lastSeqs("n49"), { heartbeat: 40, log: 0 });
});

test("the backlog is the age of the oldest unacknowledged item, through its write, and nothing once all is acknowledged", async () => {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000, reconnectGraceMs: 0 }));
  await writer.upsertNodeInfo({ id: "b0", hostname: "b0", address: null, zone: null, labels: "{}", weight: 1, group: null, role: null, agentVersion: "test" }, T0);
  fleet.applyHello("b0", { hostname: "b0", agentVersion: "test" }, { heartbeat: 0, log: 0 }, T0);
  let releaseWrite!: () => void;
  const writeHeld = new Promise<void>((resolve) => (releaseWrite = resolve));
  // A database that takes as long as the test says: the first batch is "being written" until released.
  const slowWriter = Object.create(writer) as TimeSeriesWriter;
  slowWriter.writeBatch = async (...args) => {
    await writeHeld;
    return writer.writeBatch(...args);
  };
  const batcher = new IngestBatcher(slowWriter, fleet, { flushMs: 60_000, maxBatch: 1 });
  assert.equal(batcher.backlogMs(Date.now()), 0);
  const arrived = Date.now();
  const acked: boolean[] = [];
  batcher.heartbeat("b0", { seq: 1, ts: T0 + 1000, metrics }, (ack) => acked.push(ack.ok));
  batcher.heartbeat("b0", { seq: 2, ts: T0 + 2000, metrics }, (ack) => acked.push(ack.ok));
  const backlogDuringWrite = batcher.backlogMs(arrived + 5_000);
  assert.ok(backlogDuringWrite >= 4_900 && backlogDuringWrite <= 5_000, `backlog while the first batch is written: ${backlogDuringWrite} ms`);
  releaseWrite();
  await batcher.flush();
  assert.deepEqual(acked, [true, true]);
  assert.equal(batcher.backlogMs(arrived + 5_000), 0);
});

test("past maxBacklogBytes new events are refused with unavailable and a retry delay, untouched, until the backlog is written", async () => {
  const fleet = new LiveFleet(detectorConfig({ heartbeatIntervalMs: 1000, suspectPhi: 8, downPhi: 16, disconnectConfirmMs: 3000, reconnectGraceMs: 0 }));
  await writer.upsertNodeInfo({ id: "c0", hostname: "c0", address: null, zone: null, labels: "{}", weight: 1, group: null, role: null, agentVersion: "test" }, T0);
  fleet.applyHello("c0", { hostname: "c0", agentVersion: "test" }, { heartbeat: 0, log: 0 }, T0);
  let releaseWrite!: () => void;
  const writeHeld = new Promise<void>((resolve) => (releaseWrite = resolve));
  const slowWriter = Object.create(writer) as TimeSeriesWriter;
  slowWriter.writeBatch = async (...args) => {
    await writeHeld;
    return writer.writeBatch(...args);
  };
  // Two heartbeats' worth (512 bytes each, estimated).
  const batcher = new IngestBatcher(slowWriter, fleet, { flushMs: 1, maxBatch: 1, maxBacklogBytes: 1024 });
  const acked: number[] = [];
  batcher.heartbeat("c0", { seq: 1, ts: T0 + 1000, metrics }, (ack) => ack.ok && acked.push(ack.data.seq));
  batcher.heartbeat("c0", { seq: 2, ts: T0 + 2000, metrics }, (ack) => ack.ok && acked.push(ack.data.seq));
  assert.equal(batcher.backlogBytes, 1024);
  const refusal = (() => {
    try {
      batcher.heartbeat("c0", { seq: 3, ts: T0 + 3000, metrics }, () => assert.fail("a refused heartbeat is never acknowledged"));
    } catch (error) {
      return toErrorBody(error);
    }
  })();
  assert.equal(refusal?.code, "unavailable");
  assert.ok(refusal?.retryAfterMs !== undefined && refusal.retryAfterMs >= 250 && refusal.retryAfterMs <= 10_000, `retryAfterMs ${refusal?.retryAfterMs}`);
  assert.throws(() => batcher.logBatch("c0", [{ seq: 1, ts: T0, level: "info", message: "x" }], () => undefined), /backlog full/);
  assert.equal(fleet.lastSeqs("c0")?.heartbeat, 2, "the refused heartbeat left the fleet untouched: its resend is fresh");
  releaseWrite();
  await batcher.flush();
  assert.equal(batcher.backlogBytes, 0);
  batcher.heartbeat("c0", { seq: 3, ts: T0 + 3000, metrics }, (ack) => ack.ok && acked.push(ack.data.seq));
  await batcher.flush();
  assert.deepEqual(acked, [1, 2, 3]);
  assert.deepEqual(await writer.lastSeqs("c0"), { heartbeat: 3, log: 0 });
});
