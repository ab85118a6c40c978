import Database from "better-sqlite3";
import { join } from "node:path";
import { AGENT_TOKEN, API_TOKEN, api, startVigil, waitFor, type VigilProcess } from "../../tests/support/vigil-server";

export { AGENT_TOKEN, API_TOKEN, api, startVigil, waitFor, type VigilProcess };

/** Rows in the Heartbeat table, read through a separate read-only connection (WAL allows it). */
export function countStoredHeartbeats(server: VigilProcess): number {
  const db = new Database(join(server.dataDir, "vigil.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS rows FROM "Heartbeat"`).get() as { rows: number }).rows;
  } finally {
    db.close();
  }
}

/** One unlabelled counter or gauge from GET /metrics (Prometheus text format). */
export async function scrapeMetric(server: VigilProcess, name: string): Promise<number> {
  const response = await fetch(`${server.url}/metrics`);
  const text = await response.text();
  const line = text.split("\n").find((each) => each.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
