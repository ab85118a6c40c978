import { io, type Socket } from "socket.io-client";
import type { Ack } from "../../lib/protocol/common";
import { AGENT_NAMESPACE, AGENT_PROTOCOL_VERSION, type HeartbeatAck, type HelloAck } from "../../lib/protocol/agent";
import { benchHello, HeartbeatSource } from "./heartbeats";

/** A protocol-level agent in this process: one connection, hello, then heartbeats on demand. */
export type RawAgent = {
  nodeId: string;
  socket: Socket;
  sendHeartbeat: () => Promise<Ack<HeartbeatAck>>;
  close: () => void;
};

export async function connectRawAgent(url: string, token: string, nodeId: string, index: number, timeoutMs = 10_000): Promise<RawAgent> {
  const socket = io(url + AGENT_NAMESPACE, {
    transports: ["websocket"],
    auth: { token, nodeId, protocol: AGENT_PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const hello = (await socket.timeout(timeoutMs).emitWithAck("hello", benchHello(nodeId, index))) as Ack<HelloAck>;
  if (!hello.ok) throw new Error(`${nodeId}: hello refused: ${hello.error.code} ${hello.error.message}`);
  const source = new HeartbeatSource();
  return {
    nodeId,
    socket,
    sendHeartbeat: () => socket.timeout(timeoutMs).emitWithAck("heartbeat", source.next()) as Promise<Ack<HeartbeatAck>>,
    close: () => socket.disconnect(),
  };
}
