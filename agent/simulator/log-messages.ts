import type { LogLevel } from "../../lib/protocol/common";
import type { NewLogEntry } from "../client";
import type { SimulatedNodeSpec } from "./fleet-layout";
import type { Random } from "./seeded-random";

export type LogContext = {
  spec: SimulatedNodeSpec;
  load: number;
  errorRate: number;
  lagMs?: number;
  offset: number;
  /** In a log burst: something is going wrong, so warnings and errors make up more of it. */
  bursting: boolean;
  random: Random;
};

const KEY_PREFIXES = ["user", "session", "order", "cart", "blob", "tenant"];
const METHODS = ["GET", "GET", "GET", "PUT", "DELETE"];

const key = (random: Random) => `${random.pick(KEY_PREFIXES)}:${random.int(1000, 999_999)}`;

/** Log lines shaped like those of a replicated key-value store, weighted by how the node fares. */
export function simulatedLogEntry(context: LogContext, ts: number): NewLogEntry {
  const { random, load, errorRate } = context;
  const warnShare = 0.05 + (load > 0.85 ? 0.1 : 0) + ((context.lagMs ?? 0) > 500 ? 0.3 : 0) + (context.bursting ? 0.25 : 0);
  const errorShare = 0.01 + errorRate * 2 + (context.bursting ? 0.05 : 0);
  const roll = random.next();
  const level: LogLevel = roll < errorShare ? "error" : roll < errorShare + warnShare ? "warn" : roll < 0.93 ? "info" : "debug";
  const { message, fields } = messageFor(level, context);
  return { ts, level, message, fields };
}

function messageFor(level: LogLevel, context: LogContext): { message: string; fields: Record<string, string | number> } {
  const { random, spec, load } = context;
  if (level === "error") {
    return random.pick([
      () => ({ message: `write to ${spec.group} failed: timeout after 5000ms`, fields: { component: "storage", timeoutMs: 5000 } }),
      () => ({ message: "request failed: ECONNRESET from upstream client", fields: { component: "http", status: 500 } }),
      () => ({
        message: `checksum mismatch in segment ${random.int(1, 9999).toString().padStart(6, "0")}.sst, scheduling repair`,
        fields: { component: "storage" },
      }),
    ])();
  }
  if (level === "warn") {
    if (spec.role === "replica" && context.lagMs !== undefined && context.lagMs > 200) {
      return {
        message: `replication lag ${Math.round(context.lagMs)}ms behind ${spec.following ?? "primary"}`,
        fields: { component: "replication", lagMs: Math.round(context.lagMs) },
      };
    }
    return random.pick([
      () => {
        const ms = Math.round(200 + 1500 * load * random.next());
        return { message: `slow request ${random.pick(METHODS)} /v1/keys/${key(random)} took ${ms}ms`, fields: { component: "http", durationMs: ms } };
      },
      () => ({ message: `compaction falling behind: ${random.int(8, 40)} pending L0 files`, fields: { component: "storage" } }),
      () => ({ message: `connection pool near limit: ${random.int(90, 99)}% in use`, fields: { component: "http" } }),
    ])();
  }
  if (level === "debug") {
    return random.pick([
      () => ({ message: `gc pause ${random.int(1, 40)}ms`, fields: { component: "runtime" } }),
      () => ({ message: `memtable at ${random.int(10, 95)}% of 64 MiB`, fields: { component: "storage" } }),
    ])();
  }
  return random.pick([
    () => {
      const method = random.pick(METHODS);
      const ms = Math.round(1 + 30 * load * random.next());
      const status = method === "PUT" ? 201 : method === "DELETE" ? 204 : 200;
      return { message: `${method} /v1/keys/${key(random)} ${status} ${ms}ms`, fields: { component: "http", status, durationMs: ms } };
    },
    () => {
      const ms = random.int(80, 4000);
      return { message: `compaction finished: level=L${random.int(0, 4)} files=${random.int(2, 12)} took=${ms}ms`, fields: { component: "storage", durationMs: ms } };
    },
    () => ({ message: `checkpoint written at offset ${context.offset}`, fields: { component: "replication", offset: context.offset } }),
    () => ({ message: `flushed memtable (${random.int(8, 64)} MiB) to level 0`, fields: { component: "storage" } }),
  ])();
}
