import { waitFor } from "./vigil-server";

/** One sample of an unlabelled metric from the server's GET /metrics (Prometheus text format). */
export async function scrapeMetric(server: { url: string }, name: string): Promise<number | null> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

const recoveryRounds = async (server: { url: string }) => (await scrapeMetric(server, "vigil_recovery_rounds_total")) ?? 0;

/**
 * Resolves once the recovery planner has recorded `rounds` more rounds than now: what it would
 * do, it has then done, so a test can assert that nothing happened without guessing a sleep.
 */
export async function afterRecoveryRounds(server: { url: string }, rounds: number, timeoutMs = 60_000): Promise<void> {
  const start = await recoveryRounds(server);
  await waitFor(`${rounds} more recovery planning rounds (from ${start})`, async () => (await recoveryRounds(server)) >= start + rounds, timeoutMs, 200);
}
