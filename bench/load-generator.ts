/**
 * Load-generator child: opens one Socket.IO connection per node id on /agent, says hello, then
 * streams heartbeats (closed-loop saturation or open-loop fixed rate) when the parent says start.
 * Driven over IPC by bench/ingest.ts; see bench/support/load-protocol.ts for the messages.
 */
import { io, type Socket } from "socket.io-client";
import type { Ack } from "../lib/protocol/common";
import type { HeartbeatAck } from "../lib/protocol/agent";
import { AGENT_NAMESPACE, AGENT_PROTOCOL_VERSION } from "../lib/protocol/agent";
import { benchHello, HeartbeatSource } from "./support/heartbeats";
import { LatencyHistogram } from "./support/latency-histogram";
import type { GeneratorReport, GeneratorToParent, LoadGeneratorConfig, ParentToGenerator } from "./support/load-protocol";

const config = JSON.parse(process.argv[2] ?? "") as LoadGeneratorConfig;

type Client = { nodeId: string; socket: Socket; source: HeartbeatSource; inFlight: number; ready: boolean };

const clients: Client[] = [];
const latency = new LatencyHistogram();
const errorAcks: Record<string, number> = {};
let running = false;
let stopped = false;
let measuring = false;
let ackedInWindow = 0;
let markedAt = 0;
let windowSeconds = 0;
let sentTotal = 0;
let ackedTotal = 0;
let skippedSends = 0;
let disconnects = 0;
const pacers: NodeJS.Timeout[] = [];

function tell(message: GeneratorToParent): void {
  process.send?.(message);
}

function connectOne(index: number): Promise<Client> {
  const nodeId = `${config.nodeIdPrefix}${index}`;
  const socket = io(config.url + AGENT_NAMESPACE, {
    transports: ["websocket"],
    auth: { token: config.token, nodeId, protocol: AGENT_PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
    timeout: config.connectTimeoutMs,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`${nodeId}: connect + hello timed out`));
    }, config.connectTimeoutMs);
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${nodeId}: ${error.message}`));
    });
    socket.once("connect", () => {
      socket.emit("hello", benchHello(nodeId, index), (ack: Ack<unknown>) => {
        clearTimeout(timer);
        if (!ack.ok) {
          socket.disconnect();
          reject(new Error(`${nodeId}: hello refused: ${ack.error.code} ${ack.error.message}`));
          return;
        }
        const client: Client = { nodeId, socket, source: new HeartbeatSource(), inFlight: 0, ready: true };
        socket.on("disconnect", () => {
          client.ready = false;
          if (running) disconnects++;
        });
        // Like a real agent, a fixed-rate client beats from its hello on: Vigil counts an agent
        // that says hello and then stays silent as silent (it would be down before the run starts).
        startPacing(client);
        resolve(client);
      });
    });
  });
}

function sendHeartbeat(client: Client): void {
  const sentAt = performance.now();
  client.inFlight++;
  sentTotal++;
  client.socket.emit("heartbeat", client.source.next(), (ack: Ack<HeartbeatAck>) => {
    client.inFlight--;
    ackedTotal++;
    if (ack.ok) {
      if (measuring) {
        ackedInWindow++;
        latency.record(performance.now() - sentAt);
      }
    } else {
      errorAcks[ack.error.code] = (errorAcks[ack.error.code] ?? 0) + 1;
    }
    if (running && config.pattern.kind === "saturate" && client.ready) sendHeartbeat(client);
  });
}

async function connectAll(): Promise<void> {
  const started = performance.now();
  let failed = 0;
  let firstError: string | null = null;
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < config.clients) {
      const index = nextIndex++;
      try {
        clients.push(await connectOne(index));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.connectConcurrency, config.clients) }, worker));
  tell({ type: "ready", connected: clients.length, failed, firstError, connectSeconds: (performance.now() - started) / 1000 });
}

function start(): void {
  running = true;
  const pattern = config.pattern;
  if (pattern.kind !== "saturate") return;
  for (const client of clients) for (let i = 0; i < pattern.window; i++) sendHeartbeat(client);
}

function startPacing(client: Client): void {
  const pattern = config.pattern;
  if (pattern.kind === "saturate") return;
  const periodMs = 1000 / pattern.perClientPerSec;
  // A random phase per client spreads the load evenly over each period.
  const phase = setTimeout(() => {
    const pace = () => {
      if (stopped || !client.ready) return;
      if (client.inFlight >= pattern.maxInFlightPerClient) skippedSends++;
      else sendHeartbeat(client);
    };
    pace();
    pacers.push(setInterval(pace, periodMs));
  }, Math.random() * periodMs);
  pacers.push(phase);
}

async function stopAndReport(): Promise<void> {
  if (measuring) windowSeconds = (performance.now() - markedAt) / 1000;
  measuring = false;
  running = false;
  stopped = true;
  for (const timer of pacers) clearTimeout(timer);
  const deadline = performance.now() + config.drainTimeoutMs;
  const inFlight = () => clients.reduce((total, client) => total + (client.ready ? client.inFlight : 0), 0);
  while (inFlight() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const report: GeneratorReport = {
    ackedInWindow,
    windowSeconds,
    errorAcks,
    sentTotal,
    ackedTotal,
    skippedSends,
    unackedAfterDrain: inFlight(),
    disconnects,
    latency: latency.snapshot(),
  };
  tell({ type: "report", report });
  for (const client of clients) client.socket.disconnect();
  // Let the disconnect frames go out, then leave.
  setTimeout(() => process.exit(0), 200);
}

process.on("message", (raw) => {
  const message = raw as ParentToGenerator;
  if (message.type === "start") start();
  else if (message.type === "mark") {
    measuring = true;
    markedAt = performance.now();
    ackedInWindow = 0;
    tell({ type: "marked" });
  } else if (message.type === "stop") void stopAndReport();
});
// The parent going away (even by SIGKILL) must not leave this process behind.
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));

void connectAll();
