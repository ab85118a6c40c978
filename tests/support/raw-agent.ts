import { io, type Socket } from "socket.io-client";
import type { Ack, Command, CommandOutcome, Replication } from "../../lib/protocol";
import { AGENT_TOKEN } from "./vigil-server";

export type RawAgent = {
  nodeId: string;
  socket: Socket;
  /** The node's own credential, when this connection enrolled it (protocol 2). */
  credential: string | undefined;
  /** Sends heartbeats every `intervalMs` with the replication report `report()` gives at that moment. */
  beat: (report: () => Replication | undefined) => void;
  stop: () => void;
  /** Answers the server's recovery commands (the default refuses them). */
  onCommand: (handler: (command: Command) => CommandOutcome) => void;
};

const metrics = { cpu: 0.3, mem: 0.4, disk: 0.2, netIn: 1000, netOut: 1000, load1: 0.5 };

/**
 * A minimal protocol-level agent for tests that need exact control over what a node reports.
 * By default a token-only (protocol 1) agent; `{ protocol: 2 }` enrols the node with its own credential.
 */
/** Like a real agent, a replication report names the node's data address (one per node id) unless the test gives one. */
function withDataAddress(nodeId: string, replication: Replication | undefined): Replication | undefined {
  if (!replication || replication.address !== undefined) return replication;
  return { ...replication, address: `${nodeId.replace(/[^A-Za-z0-9.-]/g, "-")}.raw.test:6379` };
}

export async function connectRawAgent(url: string, nodeId: string, hello: Record<string, unknown>, intervalMs = 500, auth: Record<string, unknown> = {}): Promise<RawAgent> {
  const credentials = "credential" in auth ? {} : { token: AGENT_TOKEN };
  const socket = io(`${url}/agent`, { transports: ["websocket"], auth: { ...credentials, nodeId, protocol: 1, ...auth }, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(error);
    });
  });
  const ack = (await socket.timeout(5000).emitWithAck("hello", { hostname: nodeId, agentVersion: "test", ...hello })) as Ack<{ lastHeartbeatSeq: number; credential?: string }>;
  if (!ack.ok) throw new Error(`hello refused: ${ack.error.message}`);
  let seq = ack.data.lastHeartbeatSeq;
  let timer: NodeJS.Timeout | undefined;
  socket.on("placement", (payload: { epoch: number }, reply: (response: Ack<{ epoch: number }>) => void) => reply({ ok: true, data: { epoch: payload.epoch } }));
  let handleCommand: (command: Command) => CommandOutcome = (command) => ({ id: command.id, outcome: "refused", detail: "this test agent runs no commands" });
  socket.on("command", (command: Command, reply: (response: Ack<CommandOutcome>) => void) => reply({ ok: true, data: handleCommand(command) }));
  return {
    nodeId,
    socket,
    credential: ack.data.credential,
    beat(report) {
      if (timer) clearInterval(timer);
      const send = () => {
        seq++;
        socket.emit("heartbeat", { seq, ts: Date.now(), metrics, replication: withDataAddress(nodeId, report()) }, () => undefined);
      };
      send();
      timer = setInterval(send, intervalMs);
    },
    onCommand(handler) {
      handleCommand = handler;
    },
    stop() {
      if (timer) clearInterval(timer);
      socket.disconnect();
    },
  };
}
