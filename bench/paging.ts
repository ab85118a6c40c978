/**
 * Paging benchmark: alerts into a real Vigil server (production build, its database and outbox,
 * the alert job, the paging engine, the channels) and out to 10 receivers of mixed channels on
 * loopback: a real SMTP server (smtp-server) for e-mail and HTTP endpoints shaped like
 * PagerDuty, Opsgenie, Telegram, Teams, Discord, ntfy, Slack, Vigil and Alertmanager receivers.
 *
 *   npx tsx bench/paging.ts [--alerts N] [--gap-ms N] [--burst N]
 *
 * 1. At rest: --alerts alerts, one every --gap-ms, each posted to POST /api/v1/alertmanager as
 *    it starts firing; latency from the post to the page's arrival at each of the 10 receivers.
 *    Target: p99 under 1 s.
 * 2. Throughput: --burst alerts in one post (one page each per receiver), pages delivered per
 *    second until the last arrives.
 */
import { createServer, type IncomingMessage } from "node:http";
import { parseArgs } from "node:util";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "../tests/support/vigil-server";
import { positiveNumberOption } from "./support/bench-options";
import { formatInteger, formatMs, printTable } from "./support/format";
import { api, startBuiltVigil } from "./support/vigil";

const { values: options } = parseArgs({ options: { alerts: { type: "string" }, "gap-ms": { type: "string" }, burst: { type: "string" } }, strict: true });
const ALERTS = Math.round(positiveNumberOption(options.alerts, "alerts", 60));
const GAP_MS = positiveNumberOption(options["gap-ms"], "gap-ms", 500);
const BURST = Math.round(positiveNumberOption(options.burst, "burst", 300));
const TARGET_P99_MS = 1_000;

/** Arrival times per alert number, per channel. */
const arrivals = new Map<number, Map<string, number>>();
/** Pages of Vigil's own alerts (its start-up self-check warning) reach the receivers too; they are not counted. */
let otherPages = 0;
function arrived(channel: string, text: string): void {
  const match = /BenchAlert(\d+)/.exec(text);
  if (!match) {
    otherPages++;
    return;
  }
  const n = Number(match[1]);
  const byChannel = arrivals.get(n) ?? new Map<string, number>();
  if (!byChannel.has(channel)) byChannel.set(channel, performance.now());
  arrivals.set(n, byChannel);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

const httpPort = await freePort();
const http = createServer((request, response) => {
  void readBody(request).then((body) => {
    const channel = (request.url ?? "/").split("/")[1] ?? "?";
    arrived(channel, body);
    // What each provider answers: PagerDuty 202, Opsgenie 202, the others 200.
    const status = channel === "pd" || channel === "og" ? 202 : 200;
    response.writeHead(status, { "content-type": "application/json" }).end(channel === "tg" ? '{"ok":true,"result":{}}' : '{"status":"success"}');
  });
});
await new Promise<void>((resolve) => http.listen(httpPort, "127.0.0.1", () => resolve()));

const smtpPort = await freePort();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  onData(stream, _session, callback) {
    void simpleParser(stream).then((mail) => {
      arrived("email", `${mail.subject ?? ""}\n${mail.text ?? ""}`);
      callback();
    }, callback);
  },
});
await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", () => resolve()));

const base = `http://127.0.0.1:${httpPort}`;
const routing = { groupBy: ["alertname"], groupWait: "0s", groupInterval: "1s", repeatInterval: "24h" };
const receivers = [
  { name: "email", format: "email", url: `smtp://127.0.0.1:${smtpPort}`, config: { from: "vigil@bench.test", to: ["ops@bench.test"], security: "none" } },
  { name: "pagerduty", format: "pagerduty", url: `${base}/pd`, credentials: { routingKey: "R0UT1NGKEY0123456789012345678901" } },
  { name: "opsgenie", format: "opsgenie", url: `${base}/og`, credentials: { apiKey: "bench-genie-key" } },
  { name: "telegram", format: "telegram", url: `${base}/tg`, config: { chatId: "-100123" }, credentials: { botToken: "123456:bench-token" } },
  { name: "teams", format: "teams", url: `${base}/teams` },
  { name: "discord", format: "discord", url: `${base}/discord` },
  { name: "ntfy", format: "ntfy", url: `${base}/ntfy`, config: { topic: "vigil-bench" } },
  { name: "slack", format: "slack", url: `${base}/slack` },
  { name: "vigil", format: "vigil", url: `${base}/vigil` },
  { name: "alertmanager", format: "alertmanager", url: `${base}/alertmanager` },
];
const CHANNELS = ["email", "pd", "og", "tg", "teams", "discord", "ntfy", "slack", "vigil", "alertmanager"];

const server = await startBuiltVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
try {
  for (const receiver of receivers) {
    const created = await api(server, "/api/v1/receivers", { method: "POST", body: JSON.stringify({ ...receiver, ...routing }) });
    if (created.status !== 201) throw new Error(`receiver ${receiver.name}: ${created.status} ${JSON.stringify(created.body)}`);
  }

  const postedAt = new Map<number, number>();
  async function fire(numbers: number[]): Promise<void> {
    const startsAt = new Date().toISOString();
    const alerts = numbers.map((n) => ({ status: "firing", labels: { alertname: `BenchAlert${n}`, severity: "critical", node: `bench-${n % 50}` }, annotations: { summary: `bench alert ${n}` }, startsAt }));
    const at = performance.now();
    for (const n of numbers) postedAt.set(n, at);
    const answer = await api(server, "/api/v1/alertmanager", { method: "POST", body: JSON.stringify({ version: "4", status: "firing", alerts }) });
    if (answer.status !== 200) throw new Error(`POST /api/v1/alertmanager: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  async function allArrived(numbers: number[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (numbers.every((n) => (arrivals.get(n)?.size ?? 0) >= CHANNELS.length)) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }
  const latencies = (numbers: number[]) => numbers.flatMap((n) => [...(arrivals.get(n)?.values() ?? [])].map((at) => at - (postedAt.get(n) ?? at)));
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;
  };

  // Warm-up: connections, JIT, the first transaction of each kind.
  const warm = [0, 1, 2, 3, 4];
  for (const n of warm) await fire([n]);
  if (!(await allArrived(warm, 30_000))) throw new Error(`warm-up pages did not all arrive: ${JSON.stringify([...arrivals.entries()].map(([n, m]) => [n, [...m.keys()]]))}`);

  // 1. At rest.
  const rest = Array.from({ length: ALERTS }, (_, i) => 1_000 + i);
  for (const n of rest) {
    await fire([n]);
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }
  const restComplete = await allArrived(rest, 30_000);
  const restLatency = latencies(rest);
  const byChannel = CHANNELS.map((channel) => {
    const values = rest.map((n) => (arrivals.get(n)?.get(channel) ?? Number.NaN) - (postedAt.get(n) ?? 0)).filter(Number.isFinite);
    return [channel, `p50 ${formatMs(percentile(values, 50))}, p99 ${formatMs(percentile(values, 99))} (${values.length})`] as [string, string];
  });

  // 2. A burst.
  const burst = Array.from({ length: BURST }, (_, i) => 100_000 + i);
  const burstStarted = performance.now();
  await fire(burst);
  const burstComplete = await allArrived(burst, 300_000);
  const burstArrivals = burst.flatMap((n) => [...(arrivals.get(n)?.values() ?? [])]);
  const lastArrival = Math.max(...burstArrivals);
  const firstArrival = Math.min(...burstArrivals);
  const delivered = burst.reduce((sum, n) => sum + (arrivals.get(n)?.size ?? 0), 0);
  const pagesPerSecond = delivered / ((lastArrival - burstStarted) / 1000);

  const p99 = percentile(restLatency, 99);
  printTable("Paging: alert firing → page at the receiver (10 receivers, mixed channels)", [
    ["at rest", `${rest.length} alerts × ${CHANNELS.length} receivers, one alert every ${GAP_MS} ms${restComplete ? "" : " (SOME NEVER ARRIVED)"}`],
    ["p50", formatMs(percentile(restLatency, 50))],
    ["p99", `${formatMs(p99)} (target < ${formatMs(TARGET_P99_MS)}: ${p99 < TARGET_P99_MS && restComplete ? "MET" : "MISSED"})`],
    ["max", formatMs(Math.max(...restLatency))],
    ...byChannel,
  ]);
  printTable("Paging: throughput through the outbox", [
    ["burst", `${BURST} alerts in one post → ${formatInteger(delivered)} of ${BURST * CHANNELS.length} pages${burstComplete ? "" : " (SOME NEVER ARRIVED)"}`],
    ["pages per second", formatInteger(pagesPerSecond)],
    ["post → first page (the alert round that opens them)", formatMs(firstArrival - burstStarted)],
    ["first → last page (the outbox draining)", formatMs(lastArrival - firstArrival)],
    ["pages of Vigil's own alerts (not counted)", String(otherPages)],
  ]);
} finally {
  await server.stop();
  server.cleanup();
  http.close();
  smtp.close();
}
