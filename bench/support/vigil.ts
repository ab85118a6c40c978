import { existsSync } from "node:fs";
import { join } from "node:path";
import { scrapeMetricsAt } from "../../tests/support/prometheus-histogram";
import { readStored as readStoredRows } from "../../tests/support/stored-rows";
import { AGENT_TOKEN, API_TOKEN, api, startVigil, waitFor, type VigilProcess } from "../../tests/support/vigil-server";
import { REPO_ROOT } from "./child";

export { AGENT_TOKEN, API_TOKEN, api, waitFor, type VigilProcess };

const BUILD_WAIT_MS = 5 * 60_000;
const START_ATTEMPTS = 3;

/**
 * startVigil from tests/support, made patient about the production build: another engineer's
 * `next build` removes .next/BUILD_ID while it runs, so wait (bounded) for it and retry a start
 * that failed for want of a build.
 */
export async function startBuiltVigil(options: Parameters<typeof startVigil>[0] = {}): Promise<VigilProcess> {
  for (let attempt = 1; ; attempt++) {
    const deadline = Date.now() + BUILD_WAIT_MS;
    while (!existsSync(join(REPO_ROOT, ".next", "BUILD_ID"))) {
      if (Date.now() > deadline) throw new Error(".next/BUILD_ID missing: run `DATABASE_URL=file:./data/dev.db npm run build`");
      await sleep(2_000);
    }
    try {
      return await startVigil(options);
    } catch (error) {
      const missingBuild = error instanceof Error && error.message.includes("production build");
      if (!missingBuild || attempt >= START_ATTEMPTS) throw error;
      console.log("  (a Next build is in progress elsewhere; waiting for it before starting Vigil)");
      await sleep(10_000);
    }
  }
}

/** A read on the server's database through a connection of its own, on either engine. */
function readStored<Row extends Record<string, unknown>>(server: VigilProcess, sql: string, params: unknown[] = []): Promise<Row[]> {
  return readStoredRows<Row>(server.databaseUrl, sql, params);
}

/** Rows in the Heartbeat table. */
export async function countStoredHeartbeats(server: VigilProcess): Promise<number> {
  const [row] = await readStored<{ rows: number }>(server, `SELECT count(*) AS "rows" FROM "Heartbeat"`);
  return row.rows;
}

/** Stored node state changes up to `untilMs`, by the state entered, and how many nodes had any. */
export async function countStateChanges(server: VigilProcess, untilMs: number): Promise<{ byState: Record<string, number>; nodes: number }> {
  const rows = await readStored<{ state: string; changes: number }>(
    server,
    `SELECT "to" AS "state", count(*) AS "changes" FROM "NodeEvent" WHERE "at" <= ? GROUP BY "to"`,
    [untilMs],
  );
  const [nodes] = await readStored<{ nodes: number }>(
    server,
    `SELECT count(DISTINCT "nodeId") AS "nodes" FROM "NodeEvent" WHERE "at" <= ? AND "to" <> 'healthy'`,
    [untilMs],
  );
  return { byState: Object.fromEntries(rows.map((row) => [row.state, row.changes])), nodes: nodes.nodes };
}

/** Every sample from GET /metrics (Prometheus text format), keyed by name with its labels as printed. */
export async function scrapeMetrics(server: VigilProcess): Promise<Map<string, number>> {
  return scrapeMetricsAt(server.url);
}

/** One sample, e.g. `vigil_heartbeats_ingested_total` or `vigil_nodes{state="down"}`; NaN if absent. */
export async function scrapeMetric(server: VigilProcess, key: string): Promise<number> {
  return (await scrapeMetrics(server)).get(key) ?? Number.NaN;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
