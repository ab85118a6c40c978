import { createServer, type Server } from "node:http";
import { freePort } from "./vigil-server";

export type ReceivedWebhook = { at: number; headers: Record<string, string>; body: string; json: unknown; answered: number };

/** A real HTTP endpoint on loopback that records every webhook; `respond` decides the status. */
export async function startWebhookReceiver(port?: number): Promise<{
  url: string;
  port: number;
  received: ReceivedWebhook[];
  respond: (decide: (request: ReceivedWebhook) => number) => void;
  close: () => Promise<void>;
  reopen: () => Promise<void>;
}> {
  const listenPort = port ?? (await freePort());
  const received: ReceivedWebhook[] = [];
  let decide: (request: ReceivedWebhook) => number = () => 200;
  let server: Server;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
          let json: unknown = null;
          try {
            json = JSON.parse(body);
          } catch {
            json = null;
          }
          const request: ReceivedWebhook = { at: Date.now(), headers, body, json, answered: 0 };
          request.answered = decide(request);
          received.push(request);
          res.writeHead(request.answered, { "content-type": "text/plain" }).end(request.answered < 300 ? "ok" : "no");
        });
      });
      server.listen(listenPort, "127.0.0.1", () => resolve());
    });
  await open();
  return {
    url: `http://127.0.0.1:${listenPort}/hook`,
    port: listenPort,
    received,
    respond: (next) => (decide = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    reopen: open,
  };
}
