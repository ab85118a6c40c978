/**
 * A real HTTP receiver on 127.0.0.1 for the webhook tests: it records every request and
 * answers with whatever the test's responder says. Also used to find a port nothing listens on.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { at: number; headers: IncomingHttpHeaders; body: string };
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
export type Responder = (request: ReceivedRequest, index: number) => Answer;

export type TestReceiver = {
  port: number;
  url: string;
  requests: ReceivedRequest[];
  /** Answers from now on; the default answers 200. */
  respond(responder: Responder): void;
  listen(): Promise<void>;
  close(): Promise<void>;
};

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}
export { header as headerOf };

/** A port that was free a moment ago; connecting to it is refused until someone listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function createTestReceiver(port: number): TestReceiver {
  const requests: ReceivedRequest[] = [];
  let responder: Responder = () => ({ status: 200, body: "ok" });
  let server: Server | null = null;

  function handle(server: Server): void {
    server.on("request", (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const received = { at: Date.now(), headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
        const answer = responder(received, requests.length);
        requests.push(received);
        const reply = () => {
          if (response.destroyed) return;
          response.writeHead(answer.status, answer.headers ?? {});
          response.end(answer.body ?? "");
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
  }

  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    respond(next) {
      responder = next;
    },
    async listen() {
      const created = createServer();
      handle(created);
      server = created;
      await new Promise<void>((resolve, reject) => {
        created.once("error", reject);
        created.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async close() {
      const current = server;
      server = null;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}
