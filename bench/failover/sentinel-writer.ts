import { Redis } from "ioredis";
import { waitUntil } from "./processes";

/**
 * An application as it would run against Sentinel: an `ioredis` client in Sentinel mode that
 * writes one key after another, each awaited, and remembers every write the server
 * acknowledged. The same client options against Vigil's endpoint and against real sentinels.
 */
export type SentinelEndpoint = { host: string; port: number };

export type WriterReport = {
  acknowledged: number;
  /** Writes that answered an error (never acknowledged, so never counted as lost). */
  errors: number;
  /** The longest time between two acknowledged writes from 1 s before the event on: the write unavailability. */
  unavailableMs: number;
  /** Acknowledged writes missing on the final primary. */
  lost: number;
  finalPrimary: string;
};

export type SentinelWriter = {
  /** Call just before the failover or switchover is caused. */
  markEvent(): void;
  /** How many writes were acknowledged at or after `at` (performance.now() time). */
  acknowledgedSince(at: number): number;
  /** For a failure message: what the writer has seen so far. */
  describe(): string;
  /** Stops writing, waits for the final primary, and counts the acknowledged writes it lacks. */
  finish(): Promise<WriterReport>;
};

const READONLY = /^READONLY|^LOADING|^MASTERDOWN/;

export function sentinelClient(sentinels: readonly SentinelEndpoint[], name: string, password?: string): Redis {
  const client = new Redis({
    sentinels: [...sentinels],
    name,
    ...(password ? { sentinelPassword: password } : {}),
    role: "master",
    // What an application that must not drop writes configures: retry until the new primary answers.
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    // ioredis' default. With its failoverDetector, a +switch-master arriving while the client
    // reconnects can leave it closed for good ("Connection is closed."; seen here with real
    // Sentinel as with Vigil); a demoted primary disconnects its clients anyway, as Sentinel's does.
    failoverDetector: false,
    connectTimeout: 1_000,
    // A write stuck on a connection that died unseen fails after a second instead of hanging.
    commandTimeout: 1_000,
    retryStrategy: () => 50,
    sentinelRetryStrategy: () => 50,
    sentinelReconnectStrategy: () => 50,
    // A demoted primary answers READONLY: reconnect (asking the sentinel again) and resend.
    reconnectOnError: (error) => (READONLY.test(error.message) ? 2 : false),
  });
  client.on("error", () => undefined);
  return client;
}

export function startSentinelWriter(sentinels: readonly SentinelEndpoint[], name: string, prefix: string, password?: string): SentinelWriter {
  const client = sentinelClient(sentinels, name, password);
  const acked: { key: string; at: number }[] = [];
  let errors = 0;
  let lastError = "none";
  let eventAt = Number.POSITIVE_INFINITY;
  let stopping = false;
  const loop = (async () => {
    for (let n = 0; !stopping; n++) {
      const key = `${prefix}:${n}`;
      try {
        if ((await client.set(key, String(n))) === "OK") acked.push({ key, at: performance.now() });
      } catch (error) {
        errors++;
        lastError = error instanceof Error ? error.message : String(error);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  })();

  return {
    markEvent: () => {
      eventAt = performance.now();
    },
    acknowledgedSince: (at) => acked.length - lowerBound(acked, at),
    describe: () => `${acked.length} acknowledged, ${errors} errors (last: ${lastError}), client ${client.status}`,
    async finish() {
      stopping = true;
      await loop;
      let unavailableMs = 0;
      let previous = eventAt - 1_000;
      for (const { at } of acked) {
        if (at < previous) continue;
        unavailableMs = Math.max(unavailableMs, at - previous);
        previous = at;
      }
      client.disconnect();
      const primary = await waitUntil("the endpoint to name a primary", () => finalPrimary(sentinels, name, password), 10_000);
      const check = new Redis({ host: primary.host, port: primary.port, lazyConnect: true, maxRetriesPerRequest: 1 });
      check.on("error", () => undefined);
      let lost = 0;
      try {
        await check.connect();
        for (let i = 0; i < acked.length; i += 1_000) {
          const keys = acked.slice(i, i + 1_000).map((entry) => entry.key);
          const values = await check.mget(...keys);
          lost += values.filter((value) => value === null).length;
        }
      } finally {
        check.disconnect();
      }
      return { acknowledged: acked.length, errors, unavailableMs, lost, finalPrimary: `${primary.host}:${primary.port}` };
    },
  };
}

/** What the sentinel (or Vigil's endpoint) names as primary now, asked on a fresh connection. */
export async function finalPrimary(sentinels: readonly SentinelEndpoint[], name: string, password?: string): Promise<{ host: string; port: number }> {
  const [first] = sentinels;
  const asker = new Redis({ host: first.host, port: first.port, lazyConnect: true, maxRetriesPerRequest: 1, ...(password ? { password } : {}) });
  asker.on("error", () => undefined);
  try {
    await asker.connect();
    const reply = await asker.call("SENTINEL", "get-master-addr-by-name", name);
    if (!Array.isArray(reply) || reply.length < 2) throw new Error(`no primary named for ${name}: ${JSON.stringify(reply)}`);
    return { host: String(reply[0]), port: Number(reply[1]) };
  } finally {
    asker.disconnect();
  }
}

/** The index of the first entry acknowledged at or after `at` (entries are in time order). */
function lowerBound(entries: readonly { at: number }[], at: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid].at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}
