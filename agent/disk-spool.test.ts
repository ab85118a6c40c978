import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { Heartbeat } from "../lib/protocol/agent";
import { createDiskSpool } from "./disk-spool";
import { createMemorySpool } from "./spool";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-spool-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const heartbeat = (seq: number): Heartbeat => ({
  seq,
  ts: 1_700_000_000_000 + seq,
  metrics: { cpu: 0.1, mem: 0.2, disk: 0.3, netIn: 1, netOut: 2, load1: 0.5 },
});

const seqsOf = (stream: { firstAfter(seq: number): { seq: number } | undefined }) => {
  const seqs: number[] = [];
  for (let item = stream.firstAfter(0); item; item = stream.firstAfter(item.seq)) seqs.push(item.seq);
  return seqs;
};

describe("disk spool", () => {
  it("renumbers what it holds, in order, and keeps the new numbers across a re-open", async () => {
    const dir = path.join(root, "renumber");
    const spool = createDiskSpool({ dir });
    for (let seq = 5_000_001; seq <= 5_000_006; seq++) spool.heartbeats.append(heartbeat(seq));
    spool.heartbeats.remove(5_000_001);
    spool.heartbeats.renumberFrom(8);
    assert.deepEqual(seqsOf(spool.heartbeats), [8, 9, 10, 11, 12]);
    assert.equal(spool.heartbeats.nextSeq(), 13);
    assert.equal(spool.heartbeats.firstAfter(0)?.ts, heartbeat(5_000_002).ts, "the oldest item keeps its content");
    await spool.close();
    const reopened = createDiskSpool({ dir });
    assert.deepEqual(seqsOf(reopened.heartbeats), [8, 9, 10, 11, 12]);
    assert.equal(reopened.heartbeats.nextSeq(), 13);
    await reopened.close();
    const memory = createMemorySpool();
    for (let seq = 100; seq <= 102; seq++) memory.heartbeats.append(heartbeat(seq));
    memory.heartbeats.renumberFrom(1);
    assert.deepEqual(seqsOf(memory.heartbeats), [1, 2, 3]);
    assert.equal(memory.heartbeats.nextSeq(), 4);
  });

  it("keeps unacknowledged items and the next seq across a re-open", async () => {
    const dir = path.join(root, "reopen");
    const first = createDiskSpool({ dir });
    for (let seq = 1; seq <= 10; seq++) first.heartbeats.append(heartbeat(seq));
    first.logs.append({ seq: 1, ts: 1_700_000_000_000, level: "info", message: "kept" });
    for (const seq of [1, 2, 3, 5]) first.heartbeats.remove(seq);
    await first.close();

    const second = createDiskSpool({ dir });
    // 5 was acked out of order above the cursor: it comes back and the server dedupes it.
    assert.deepEqual(seqsOf(second.heartbeats), [4, 5, 6, 7, 8, 9, 10]);
    assert.equal(second.heartbeats.nextSeq(), 11);
    assert.equal(second.logs.firstAfter(0)?.message, "kept");
    assert.equal(second.logs.nextSeq(), 2);
    await second.close();
  });

  it("remembers the next seq after everything was acknowledged and compacts segments", async () => {
    const dir = path.join(root, "acked");
    const spool = createDiskSpool({ dir, maxBytes: 64 * 1024 });
    for (let seq = 1; seq <= 500; seq++) spool.heartbeats.append(heartbeat(seq));
    for (let seq = 1; seq <= 500; seq++) spool.heartbeats.remove(seq);
    spool.heartbeats.setNextSeq(900);
    spool.flush();
    const segments = fs.readdirSync(path.join(dir, "heartbeats")).filter((name) => name.startsWith("seg-"));
    assert.ok(segments.length <= 1, `acked segments are deleted, found ${segments.length}`);
    await spool.close();
    const reopened = createDiskSpool({ dir });
    assert.equal(reopened.heartbeats.size(), 0);
    assert.equal(reopened.heartbeats.nextSeq(), 900);
    await reopened.close();
  });

  it("bounds its size by dropping the oldest items", async () => {
    const dir = path.join(root, "bounded");
    const maxBytes = 64 * 1024;
    const spool = createDiskSpool({ dir, maxBytes });
    for (let seq = 1; seq <= 5000; seq++) spool.heartbeats.append(heartbeat(seq));
    spool.flush();
    assert.ok(spool.totalBytes() <= maxBytes, `${spool.totalBytes()} bytes`);
    const onDisk = fs
      .readdirSync(path.join(dir, "heartbeats"))
      .reduce((sum, name) => sum + fs.statSync(path.join(dir, "heartbeats", name)).size, 0);
    assert.ok(onDisk <= maxBytes + 1024, `${onDisk} bytes on disk`);
    const kept = seqsOf(spool.heartbeats);
    assert.equal(kept[kept.length - 1], 5000, "the newest are kept");
    assert.ok(kept[0] > 1, "the oldest are gone");
    assert.equal(spool.heartbeats.dropped() + kept.length, 5000);
    await spool.close();
    const reopened = createDiskSpool({ dir, maxBytes });
    assert.deepEqual(seqsOf(reopened.heartbeats), kept);
    assert.equal(reopened.heartbeats.dropped(), spool.heartbeats.dropped());
    await reopened.close();
  });

  it("skips a torn last line after a crash", async () => {
    const dir = path.join(root, "torn");
    const spool = createDiskSpool({ dir });
    spool.heartbeats.append(heartbeat(1));
    spool.heartbeats.append(heartbeat(2));
    spool.flush();
    const segment = fs.readdirSync(path.join(dir, "heartbeats")).find((name) => name.startsWith("seg-"));
    assert.ok(segment);
    fs.appendFileSync(path.join(dir, "heartbeats", segment), '{"seq":3,"ts":');
    await spool.close();
    const reopened = createDiskSpool({ dir });
    assert.deepEqual(seqsOf(reopened.heartbeats), [1, 2]);
    reopened.heartbeats.append(heartbeat(3));
    await reopened.close();
    const again = createDiskSpool({ dir });
    assert.deepEqual(seqsOf(again.heartbeats), [1, 2, 3]);
    await again.close();
  });
});

describe("memory spool", () => {
  it("drops the oldest items beyond its bound", () => {
    const spool = createMemorySpool({ maxItems: 3 });
    for (let seq = 1; seq <= 5; seq++) spool.heartbeats.append(heartbeat(seq));
    assert.deepEqual(seqsOf(spool.heartbeats), [3, 4, 5]);
    assert.equal(spool.heartbeats.dropped(), 2);
    spool.heartbeats.remove(4);
    assert.deepEqual(seqsOf(spool.heartbeats), [3, 5]);
    assert.equal(spool.heartbeats.nextSeq(), 6);
  });
});
