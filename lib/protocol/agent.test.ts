import assert from "node:assert/strict";
import { test } from "node:test";
import { AppError } from "../errors";
import { agentHandshakeSchema, heartbeatSchema, helloSchema, logsSchema } from "./agent";
import { parseOrThrow } from "./common";

const metrics = { cpu: 0.5, mem: 0.25, disk: 0.9, netIn: 1e6, netOut: 2e5, load1: 3.2 };
const ts = 1_790_000_000_000;

test("a well-formed heartbeat with replication passes and keeps its values", () => {
  const parsed = heartbeatSchema.parse({
    seq: 42,
    ts,
    metrics: { ...metrics, latencyMs: 2.5, errorRate: 0.01, custom: { queue_depth: 7 } },
    replication: { role: "replica", offset: 1234, lagMs: 15, linkUp: true, following: "db-1" },
  });
  assert.equal(parsed.metrics.custom?.queue_depth, 7);
  assert.equal(parsed.replication?.following, "db-1");
});

test("fractions, units and sequence numbers are checked", () => {
  const bad = [
    { seq: 1, ts, metrics: { ...metrics, cpu: 1.5 } },
    { seq: 1, ts, metrics: { ...metrics, netIn: -1 } },
    { seq: -1, ts, metrics },
    { seq: 1.5, ts, metrics },
    { seq: 1, ts: Math.floor(ts / 1000), metrics },
    { seq: 1, ts, metrics: { cpu: 0.1 } },
    { seq: 1, ts, metrics, replication: { role: "leader", offset: 1, lagMs: 0, linkUp: true } },
  ];
  for (const payload of bad) assert.equal(heartbeatSchema.safeParse(payload).success, false, JSON.stringify(payload));
});

test("hello needs a hostname and agent version; node ids are restricted", () => {
  assert.ok(helloSchema.safeParse({ hostname: "h", agentVersion: "1.0" }).success);
  assert.equal(helloSchema.safeParse({ hostname: "h" }).success, false);
  assert.equal(helloSchema.safeParse({ hostname: "h", agentVersion: "1", role: "master" }).success, false);
  assert.ok(agentHandshakeSchema.safeParse({ token: "t", nodeId: "db-17.eu:1", protocol: 1 }).success);
  assert.equal(agentHandshakeSchema.safeParse({ token: "t", nodeId: "../etc", protocol: 1 }).success, false);
  assert.equal(agentHandshakeSchema.safeParse({ token: "t", nodeId: "x".repeat(129), protocol: 1 }).success, false);
});

test("log batches are bounded in entries, message size and fields", () => {
  const entry = { seq: 1, ts, level: "warn", message: "disk 91% full", fields: { mount: "/", pct: 91, ok: false, note: null } };
  assert.ok(logsSchema.safeParse({ entries: [entry] }).success);
  assert.equal(logsSchema.safeParse({ entries: [] }).success, false);
  assert.equal(logsSchema.safeParse({ entries: Array.from({ length: 501 }, () => entry) }).success, false);
  assert.equal(logsSchema.safeParse({ entries: [{ ...entry, message: "x".repeat(8193) }] }).success, false);
  assert.equal(logsSchema.safeParse({ entries: [{ ...entry, level: "notice" }] }).success, false);
  const manyFields = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, i]));
  assert.equal(logsSchema.safeParse({ entries: [{ ...entry, fields: manyFields }] }).success, false);
});

test("parse errors become one bad_request naming the fields", () => {
  assert.throws(
    () => parseOrThrow(heartbeatSchema, { seq: 1, ts, metrics: { ...metrics, cpu: 2, mem: -1 } }, "heartbeat"),
    (error: unknown) => error instanceof AppError && error.code === "bad_request" && /metrics\.cpu/.test(error.message) && /metrics\.mem/.test(error.message),
  );
});
