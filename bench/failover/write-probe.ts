import { Redis } from "ioredis";
import type { TrioNode } from "./redis-trio";

export type WriteResult = { ms: number; node: string };

const PROBE_EVERY_MS = 50;

/**
 * From `startedAt` (performance.now() just before the SIGKILL), tries SET on every node every
 * 50 ms; resolves with the time of the first OK from a node other than `killed`.
 */
export function firstWrite(nodes: readonly TrioNode[], killed: string, startedAt: number, timeoutMs: number): Promise<WriteResult> {
  const clients = nodes.map((node) => ({
    node,
    busy: false,
    client: new Redis({
      port: node.redis.port,
      host: "127.0.0.1",
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1_000,
      connectTimeout: 1_000,
      retryStrategy: () => PROBE_EVERY_MS,
      reconnectOnError: () => false,
    }),
  }));
  for (const { client } of clients) client.on("error", () => undefined);
  return new Promise<WriteResult>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      for (const { client } of clients) client.disconnect();
      outcome();
    };
    const tick = () => {
      const elapsed = performance.now() - startedAt;
      if (elapsed > timeoutMs) return finish(() => reject(new Error(`no successful write within ${timeoutMs} ms of the SIGKILL`)));
      for (const entry of clients) {
        if (entry.busy) continue;
        entry.busy = true;
        entry.client
          .set("bench:failover-probe", String(Date.now()))
          .then((reply) => {
            if (reply === "OK" && entry.node.name !== killed) {
              const ms = performance.now() - startedAt;
              finish(() => resolve({ ms, node: entry.node.name }));
            }
          })
          .catch(() => undefined)
          .finally(() => (entry.busy = false));
      }
    };
    const timer = setInterval(tick, PROBE_EVERY_MS);
    tick();
  });
}
