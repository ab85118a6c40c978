import "server-only";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Db } from "../store/prisma";
import { forgetInstance, reportInstance } from "../store/instances";

const REPORT_EVERY_MS = 2_000;

function packageVersion(): string {
  try {
    const parsed = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** Keeps this instance's row in the registry current: connected agents, load, version. */
export function startInstanceRegistry(deps: {
  db: Db;
  instanceId: string;
  connectedAgents: () => number;
  heartbeatsPerSec: () => number;
}): { stop: () => Promise<void> } {
  const { db, instanceId } = deps;
  const startedAt = Date.now();
  const version = packageVersion();
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const report = async () => {
    try {
      await reportInstance(
        db,
        {
          id: instanceId,
          startedAt,
          version,
          connectedAgents: deps.connectedAgents(),
          loopLagMs: loop.percentile(99) / 1e6,
          heartbeatsPerSec: deps.heartbeatsPerSec(),
          rssBytes: process.memoryUsage.rss(),
        },
        Date.now(),
      );
      loop.reset();
    } catch (error) {
      console.error("[cluster] cannot report this instance", error);
    }
  };
  void report();
  const timer = setInterval(() => void report(), REPORT_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      loop.disable();
      await forgetInstance(db, instanceId).catch((error) => console.error("[cluster] cannot deregister", error));
    },
  };
}
