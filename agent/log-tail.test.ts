import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { NewLogEntry } from "./client";
import { parseLogLine } from "./log-line";
import { LogTailer } from "./log-tail";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-log-tail-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function tail(file: string, fromStart = false) {
  const entries: NewLogEntry[] = [];
  const tailer = new LogTailer({ path: file, onEntries: (batch) => entries.push(...batch), fromStart });
  tailer.start();
  const messages = () => entries.map((entry) => entry.message);
  return { tailer, entries, messages };
}

describe("parseLogLine", () => {
  it("reads pino numeric and named levels and keeps primitive fields", () => {
    const parsed = parseLogLine(JSON.stringify({ level: 50, time: 1, msg: "boom", req: { id: 1 }, code: "E1", ok: false }));
    assert.equal(parsed.level, "error");
    assert.equal(parsed.message, "boom");
    assert.deepEqual(parsed.fields, { time: 1, code: "E1", ok: false });
    assert.equal(parseLogLine('{"level":"WARNING","message":"m"}').level, "warn");
    assert.equal(parseLogLine('{"level":10,"msg":"t"}').level, "trace");
  });

  it("falls back to keywords, then info", () => {
    assert.equal(parseLogLine("2024-01-01 ERROR disk failed").level, "error");
    assert.equal(parseLogLine("[warn] slow query").level, "warn");
    assert.equal(parseLogLine("FATAL: out of memory").level, "fatal");
    assert.equal(parseLogLine("request served in 3ms").level, "info");
    assert.equal(parseLogLine("{not json ERROR").level, "error");
  });

  it("bounds the number of fields", () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    assert.ok(Object.keys(parseLogLine(JSON.stringify(many)).fields).length < 32);
  });
});

describe("LogTailer", () => {
  it("starts at the end, handles partial lines and truncates long ones", () => {
    const file = path.join(dir, "basic.log");
    fs.writeFileSync(file, "old line\n");
    const { tailer, entries, messages } = tail(file);
    fs.appendFileSync(file, "first\nsec");
    tailer.poll();
    assert.deepEqual(messages(), ["first"]);
    fs.appendFileSync(file, "ond\r\n" + "x".repeat(20_000) + "\nafter\n");
    tailer.poll();
    assert.deepEqual(messages().slice(0, 2), ["first", "second"]);
    assert.equal(messages()[2].length, 8192);
    assert.equal(messages()[3], "after");
    assert.equal(entries[0].fields?.file, file);
    tailer.stop();
  });

  it("follows rename-and-recreate rotation without losing the tail of the old file", () => {
    const file = path.join(dir, "rename.log");
    fs.writeFileSync(file, "");
    const { tailer, messages } = tail(file);
    fs.appendFileSync(file, "one\n");
    tailer.poll();
    fs.appendFileSync(file, "two\nthree-no-newline");
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, "four\n");
    tailer.poll();
    fs.appendFileSync(file, "five\n");
    tailer.poll();
    assert.deepEqual(messages(), ["one", "two", "three-no-newline", "four", "five"]);
    tailer.stop();
  });

  it("follows copytruncate rotation", () => {
    const file = path.join(dir, "truncate.log");
    fs.writeFileSync(file, "");
    const { tailer, messages } = tail(file);
    fs.appendFileSync(file, "alpha line that is fairly long\nbeta line that is also long\n");
    tailer.poll();
    fs.copyFileSync(file, `${file}.1`);
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, "gamma\n");
    tailer.poll();
    assert.deepEqual(messages(), ["alpha line that is fairly long", "beta line that is also long", "gamma"]);
    tailer.stop();
  });

  it("waits for a missing file and reads it from the start when it appears", () => {
    const file = path.join(dir, "later.log");
    const { tailer, entries, messages } = tail(file);
    tailer.poll();
    fs.writeFileSync(file, '{"level":40,"msg":"disk almost full","pct":91}\n');
    tailer.poll();
    assert.deepEqual(messages(), ["disk almost full"]);
    assert.equal(entries[0].level, "warn");
    assert.equal(entries[0].fields?.pct, 91);
    tailer.stop();
  });

  it("keeps multi-byte characters split across reads intact", () => {
    const file = path.join(dir, "utf8.log");
    fs.writeFileSync(file, "");
    const { tailer, messages } = tail(file);
    const bytes = Buffer.from("héllo wörld ✓\n");
    fs.appendFileSync(file, bytes.subarray(0, 2));
    tailer.poll();
    fs.appendFileSync(file, bytes.subarray(2));
    tailer.poll();
    assert.deepEqual(messages(), ["héllo wörld ✓"]);
    tailer.stop();
  });
});
