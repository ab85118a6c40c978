/**
 * Webhook delivery benchmark: lib/webhooks' dispatcher (in-memory outbox, real signing, real
 * fetch) against 10 node:http receivers in a child process that verifies every signature
 * with the standardwebhooks package and checks order per group.
 *
 *   npx tsx bench/webhooks.ts [--rate N] [--seconds N] [--backlog N] [--endpoints N] [--groups N]
 *
 * 1. Latency: notifications enqueued directly (group_wait 0) at a steady --rate for --seconds,
 *    dispatcher polling every 10 ms and woken on enqueue; alert-to-delivery latency measured
 *    from enqueue to the receiver having read the request (cross-process, wall clock) and to
 *    the 2xx being back in the dispatcher (same process).
 * 2. Throughput: a --backlog of deliveries over --endpoints receivers, --groups groups each
 *    (so order per group is exercised), drained with the dispatcher's default bounds
 *    (64 in flight, 4 per receiver); sustained deliveries per second.
 *
 * Targets: p99 < 1 s; ≥ 500 deliveries/s to 10 endpoints. The outbox is the in-memory port, so
 * the figures are the dispatcher's own (signing, HTTP, bookkeeping), not SQLite's.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { parseCidr } from "../lib/net/address-ranges";
import { createDispatcher, createMemoryOutbox, createSender, messageForNotification, newDelivery, newWebhookId, newWebhookSecret, type Notification, type WebhookReceiver } from "../lib/webhooks";
import { positiveNumberOption } from "./support/bench-options";
import { spawnTsx } from "./support/child";
import { formatInteger, formatMs } from "./support/format";
import { LatencyHistogram } from "./support/latency-histogram";
import { preciseNow, type FromReceiver, type ReceiverReady, type ReceiverReport, type ToReceiver } from "./webhooks/protocol";

const { values: options } = parseArgs({
  options: { rate: { type: "string" }, seconds: { type: "string" }, backlog: { type: "string" }, endpoints: { type: "string" }, groups: { type: "string" } },
  strict: true,
});
const RATE = positiveNumberOption(options.rate, "rate", 200);
const SECONDS = positiveNumberOption(options.seconds, "seconds", 10);
const BACKLOG = Math.round(positiveNumberOption(options.backlog, "backlog", 20_000));
const ENDPOINTS = Math.round(positiveNumberOption(options.endpoints, "endpoints", 10));
const GROUPS = Math.round(positiveNumberOption(options.groups, "groups", 50));

const secret = newWebhookSecret();
const child = spawnTsx<FromReceiver, ToReceiver>("bench/webhooks/receiver.ts", [String(ENDPOINTS), secret]);
const ready = await child.next((message): message is ReceiverReady => message.type === "ready", 30_000);

const outbox = createMemoryOutbox();
const receivers: WebhookReceiver[] = ready.ports.map((port, index) => ({
  id: `bench-${index}`,
  name: `bench-${index}`,
  url: `http://127.0.0.1:${port}/hook`,
  format: "vigil",
  headers: { authorization: "Bearer bench" },
  secrets: [{ secret, createdAt: 0, retiresAt: null }],
  enabled: true,
  config: {},
  credentials: {},
  titleTemplate: null,
  bodyTemplate: null,
}));
for (const receiver of receivers) outbox.addReceiver(receiver);

const enqueuedAt = new Map<string, number>();
let confirmed = new LatencyHistogram();
let delivered = 0;
let failed = 0;
const dispatcher = createDispatcher({
  outbox,
  // The bench's receivers are on loopback, which the outbound client refuses unless allow-listed.
  send: createSender({ allow: [parseCidr("127.0.0.0/8")] }),
  pollIntervalMs: 10,
  onEvent(event) {
    if (event.type === "delivered") {
      delivered++;
      const started = enqueuedAt.get(event.webhookId);
      enqueuedAt.delete(event.webhookId);
      if (started !== undefined) confirmed.record(preciseNow() - started);
    } else if (event.type !== "receiver-disabled") failed++;
  },
});

const seqs = new Map<string, number>();
/** One notification of three alerts (a typical small group) into the outbox. */
function enqueue(phase: string, index: number): void {
  const receiver = receivers[index % ENDPOINTS];
  const groupKey = `${phase}:{}:{zone="z-${Math.floor(index / ENDPOINTS) % GROUPS}"}`;
  const seqKey = `${receiver.id}\u0000${groupKey}`;
  const seq = (seqs.get(seqKey) ?? 0) + 1;
  seqs.set(seqKey, seq);
  const now = preciseNow();
  const alerts = ["a", "b", "c"].map((node) => ({
    fingerprint: `${groupKey}-${node}`,
    labels: { alertname: "NodeDown", severity: "critical", zone: `z-${index % GROUPS}`, node: `node-${node}` },
    annotations: { summary: `node-${node} stopped sending heartbeats`, benchEnqueuedAt: String(now) },
    startsAt: Date.now() - 60_000,
    endsAt: null,
    status: "firing" as const,
  }));
  const notification: Notification = { receiverId: receiver.id, groupKey, groupLabels: { zone: `z-${index % GROUPS}` }, alerts, status: "firing", reason: "new-alerts", seq };
  const webhookId = newWebhookId();
  enqueuedAt.set(webhookId, now);
  outbox.enqueue(newDelivery(messageForNotification(notification, receiver, "http://127.0.0.1"), receiver, { webhookId, now: Date.now(), externalURL: "http://127.0.0.1" }));
}

async function report(reset: boolean): Promise<ReceiverReport> {
  child.send({ type: "report", reset });
  return child.next((message): message is ReceiverReport => message.type === "report", 30_000);
}

async function drained(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (outbox.pendingCount() > 0) {
    if (Date.now() > deadline) throw new Error(`${outbox.pendingCount()} deliveries still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

dispatcher.start();
try {
  // Warm-up: connections, JIT.
  for (let index = 0; index < 500; index++) enqueue("warmup", index);
  dispatcher.wake();
  await drained(30_000);
  await report(true);
  confirmed = new LatencyHistogram();

  // 1. Latency at a steady rate.
  const total = Math.round(RATE * SECONDS);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    for (; sent < due; sent++) enqueue("latency", sent);
    dispatcher.wake();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await drained(60_000);
  const latency = await report(true);
  const receiverLatency = new LatencyHistogram();
  receiverLatency.merge(latency.latency);
  const latencyConfirmed = confirmed;
  confirmed = new LatencyHistogram();

  // 2. Throughput: drain a backlog.
  const before = delivered;
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < BACKLOG; index++) enqueue("throughput", index);
  const drainStarted = performance.now();
  dispatcher.wake();
  await drained(300_000);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const throughput = await report(true);
  const rate = (delivered - before) / drainSeconds;

  const rows: [string, string, string][] = [
    ["phase", "figure", "value"],
    ["latency", "offered rate", `${formatInteger(RATE)} notifications/s for ${SECONDS} s (${formatInteger(latency.requests)} received)`],
    ["latency", "enqueue → received p50", formatMs(receiverLatency.quantile(0.5))],
    ["latency", "enqueue → received p99", formatMs(receiverLatency.quantile(0.99))],
    ["latency", "enqueue → received max", formatMs(receiverLatency.max)],
    ["latency", "enqueue → 2xx back p50", formatMs(latencyConfirmed.quantile(0.5))],
    ["latency", "enqueue → 2xx back p99", formatMs(latencyConfirmed.quantile(0.99))],
    ["throughput", "backlog", `${formatInteger(BACKLOG)} deliveries, ${ENDPOINTS} endpoints × ${GROUPS} groups`],
    ["throughput", "drained in", `${drainSeconds.toFixed(2)} s`],
    ["throughput", "deliveries/s", formatInteger(rate)],
    ["throughput", "dispatcher CPU", `${((cpu.user + cpu.system) / 1e6 / drainSeconds * 100).toFixed(0)} % of a core`],
    ["both", "bad signatures", String(latency.badSignatures + throughput.badSignatures)],
    ["both", "order violations", String(latency.orderViolations + throughput.orderViolations)],
    ["both", "duplicates / failed attempts", `${latency.duplicates + throughput.duplicates} / ${failed}`],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  console.log(`\nWebhook delivery (node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)})`);
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  const p99 = receiverLatency.quantile(0.99);
  const verdict = [`p99 ${formatMs(p99)} ${p99 < 1_000 ? "<" : "≥"} 1 s`, `${formatInteger(rate)} deliveries/s ${rate >= 500 ? "≥" : "<"} 500`];
  console.log(`\nTargets: ${verdict.join("; ")} → ${p99 < 1_000 && rate >= 500 ? "met" : "NOT met"}`);
} finally {
  await dispatcher.stop();
  await child.stop();
}
