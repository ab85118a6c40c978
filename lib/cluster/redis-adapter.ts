import "server-only";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Server } from "socket.io";

/** Adapter requests (broadcasts with acknowledgements, e.g. a command to an agent on another instance) give up after this. */
const REQUESTS_TIMEOUT_MS = 5_000;

/**
 * Joins this instance's Socket.IO server to the others through Redis pub/sub: room broadcasts,
 * acknowledged emits and server-side events then reach every instance. `clusterKey` keeps two
 * Vigil clusters on one Redis apart.
 */
export async function joinInstances(io: Server, redisUrl: string, clusterKey: string): Promise<{ close: () => Promise<void> }> {
  const pub = new Redis(redisUrl, { lazyConnect: true });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on("error", (error) => console.error(`[cluster] redis: ${error.message}`));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: `vigil:${clusterKey}`, requestsTimeout: REQUESTS_TIMEOUT_MS, publishOnSpecificResponseChannel: true }));
  return {
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
