/**
 * The ceiling: a bare Socket.IO 4 server with Vigil's transport settings (namespace /agent,
 * websocket only, same packet cap) that acknowledges every heartbeat at once, with no auth,
 * validation or storage. Reports its port to the parent over IPC.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { AGENT_NAMESPACE, LIMITS } from "../lib/protocol/agent";

export type BareServerMessage = { type: "listening"; port: number };

function seqOf(payload: unknown): number {
  if (typeof payload === "object" && payload !== null && "seq" in payload && typeof payload.seq === "number") return payload.seq;
  return 0;
}

const httpServer = createServer();
const io = new Server(httpServer, { transports: ["websocket"], maxHttpBufferSize: LIMITS.maxPacketBytes, serveClient: false });
io.of(AGENT_NAMESPACE).on("connection", (socket) => {
  socket.on("hello", (_payload: unknown, ack: unknown) => {
    if (typeof ack === "function") ack({ ok: true, data: { lastHeartbeatSeq: 0, lastLogSeq: 0 } });
  });
  socket.on("heartbeat", (payload: unknown, ack: unknown) => {
    if (typeof ack === "function") ack({ ok: true, data: { seq: seqOf(payload) } });
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  const message: BareServerMessage = { type: "listening", port: (httpServer.address() as AddressInfo).port };
  process.send?.(message);
});

const shutdown = () => {
  io.close();
  httpServer.close();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("disconnect", shutdown);
