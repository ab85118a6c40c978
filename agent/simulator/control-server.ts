import http from "node:http";
import type { AddressInfo } from "node:net";
import { ZodError } from "zod";
import { chaosRequestSchema, type ChaosRequest, type ChaosResult } from "./chaos-request";
import type { FleetStatus } from "./fleet-control";
import type { SimulatedNodeView } from "./simulated-node";
import { ChaosTargetError, type FleetStats } from "./simulator";

const MAX_BODY_BYTES = 256 * 1024;

export type ControlServer = { port: number; close(): Promise<void> };

/** A simulator (one process) or a FleetControl (one or several): either can be driven over HTTP. */
export type ControlTarget = {
  chaos(request: ChaosRequest): ChaosResult | Promise<ChaosResult>;
  nodes(): SimulatedNodeView[] | Promise<SimulatedNodeView[]>;
  stats(): FleetStats | Promise<FleetStats>;
  /** Per process: its slice, streams and heartbeat punctuality (cumulative; difference two readings). */
  status?(): Promise<FleetStatus>;
};

/**
 * Loopback-only HTTP control of a running simulator:
 *   POST /chaos { action, nodes?, zone?, jitterMs?, periodMs? }  GET /nodes  GET /stats
 */
export async function startControlServer(simulator: ControlTarget, port: number): Promise<ControlServer> {
  const server = http.createServer((request, response) => {
    void handle(simulator, request, response).catch((error: unknown) => {
      send(response, 500, { error: { code: "internal", message: error instanceof Error ? error.message : "internal error" } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(simulator: ControlTarget, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (request.method === "GET" && url.pathname === "/nodes") {
    send(response, 200, { nodes: await simulator.nodes(), stats: await simulator.stats() });
    return;
  }
  if (request.method === "GET" && url.pathname === "/stats") {
    send(response, 200, simulator.status ? await simulator.status() : { stats: await simulator.stats() });
    return;
  }
  if (url.pathname !== "/chaos") {
    send(response, 404, { error: { code: "not_found", message: "use POST /chaos, GET /nodes or GET /stats" } });
    return;
  }
  if (request.method !== "POST") {
    send(response, 405, { error: { code: "bad_request", message: "POST only" } });
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    send(response, 413, { error: { code: "payload_too_large", message: `body over ${MAX_BODY_BYTES} bytes` } });
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    send(response, 400, { error: { code: "bad_request", message: "body is not JSON" } });
    return;
  }
  const parsed = chaosRequestSchema.safeParse(json);
  if (!parsed.success) {
    send(response, 400, { error: { code: "bad_request", message: describeZod(parsed.error) } });
    return;
  }
  try {
    send(response, 200, await simulator.chaos(parsed.data));
  } catch (error) {
    if (!(error instanceof ChaosTargetError)) throw error;
    send(response, 400, { error: { code: "bad_request", message: error.message } });
  }
}

async function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}
