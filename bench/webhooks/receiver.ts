/**
 * The benchmark's webhook receivers: one node:http server per endpoint (separate ports, so
 * separate connection pools on the sending side, like distinct real receivers), in a process
 * of their own so their work does not slow the dispatcher being measured. Every request is
 * verified with the standardwebhooks package and checked for order per group.
 *
 *   node --import tsx bench/webhooks/receiver.ts <endpoints> <secret>
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { LatencyHistogram } from "../support/latency-histogram";
import { preciseNow, type FromReceiver, type ToReceiver } from "./protocol";

const endpoints = Number(process.argv[2] ?? "10");
const webhook = new Webhook(process.argv[3] ?? "");

let latency = new LatencyHistogram();
let requests = 0;
let badSignatures = 0;
let orderViolations = 0;
let duplicates = 0;
const lastSeq = new Map<string, number>();

function send(message: FromReceiver): void {
  process.send?.(message);
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

type BenchBody = { receiver: string; groupKey: string; seq: number; alerts: { annotations: Record<string, string> }[] };

function receive(endpoint: number, headers: IncomingHttpHeaders, body: string): void {
  const arrivedAt = preciseNow();
  requests++;
  let parsed: BenchBody;
  try {
    const signed = { "webhook-id": header(headers, "webhook-id"), "webhook-timestamp": header(headers, "webhook-timestamp"), "webhook-signature": header(headers, "webhook-signature") };
    parsed = webhook.verify(body, signed) as BenchBody;
  } catch {
    badSignatures++;
    return;
  }
  const key = `${endpoint}\u0000${parsed.groupKey}`;
  const previous = lastSeq.get(key) ?? 0;
  if (parsed.seq === previous) duplicates++;
  else if (parsed.seq !== previous + 1) orderViolations++;
  lastSeq.set(key, Math.max(previous, parsed.seq));
  const enqueuedAt = Number(parsed.alerts[0]?.annotations.benchEnqueuedAt);
  if (Number.isFinite(enqueuedAt)) latency.record(arrivedAt - enqueuedAt);
}

const ports: number[] = [];
for (let endpoint = 0; endpoint < endpoints; endpoint++) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receive(endpoint, request.headers, Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("ok");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ports.push((server.address() as AddressInfo).port);
}

process.on("message", (raw) => {
  const message = raw as ToReceiver;
  if (message.type !== "report") return;
  send({ type: "report", requests, badSignatures, orderViolations, duplicates, latency: latency.snapshot() });
  if (!message.reset) return;
  latency = new LatencyHistogram();
  requests = 0;
  badSignatures = 0;
  duplicates = 0;
  orderViolations = 0;
});
process.on("SIGTERM", () => process.exit(0));
send({ type: "ready", ports });
