/**
 * One child process of a multi-process simulator (forked by process-fleet.ts, never run by
 * hand): simulates the slice of the fleet its parent names, answers the parent's requests over
 * IPC and prints its own behind-schedule warnings. It exits when its parent goes away.
 */
import { createConsoleLogger } from "../logger";
import { ChaosTargetError } from "./simulator";
import { startLocalFleet } from "./fleet-control";
import { parentMessageSchema, type ChildMessage, type ChildRequest } from "./fleet-ipc";

type Fleet = ReturnType<typeof startLocalFleet>;

let fleet: Fleet | undefined;
let stopping = false;

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

async function answer(request: ChildRequest, current: Fleet): Promise<unknown> {
  switch (request.kind) {
    case "chaos":
      return current.chaos(request.chaos);
    case "nodes":
      return current.nodes();
    case "status":
      return current.processStatus();
    case "connected":
      await current.waitUntilConnected(request.timeoutMs);
      return null;
  }
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await fleet?.stop().catch(() => undefined);
  process.exit(code);
}

process.on("message", (raw) => {
  const parsed = parentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`[simulate child ${process.pid}] ignored a malformed message from the parent`);
    return;
  }
  const message = parsed.data;
  if (message.type === "stop") {
    void shutdown(0);
    return;
  }
  if (message.type === "start") {
    if (fleet) return;
    const { config, slice } = message;
    const logger = createConsoleLogger(`[simulate ${slice.index + 1}/${slice.count}]`);
    fleet = startLocalFleet(config, slice, logger, (error) => {
      send({ type: "fatal", message: error.message });
      void shutdown(2);
    });
    void fleet.start().then(() => send({ type: "ready" }));
    return;
  }
  const current = fleet;
  const { id, request } = message;
  if (!current) {
    send({ type: "failed", id, error: { code: "internal", message: "not started yet" } });
    return;
  }
  answer(request, current).then(
    (data) => send({ type: "reply", id, data }),
    (error: unknown) =>
      send({
        type: "failed",
        id,
        error: { code: error instanceof ChaosTargetError ? "bad_request" : "internal", message: error instanceof Error ? error.message : String(error) },
      }),
  );
});

// The parent is gone (even SIGKILLed): nothing would ever stop these sockets otherwise.
process.on("disconnect", () => void shutdown(0));
// Ctrl-C reaches the whole process group; the parent stops everyone, so just wait for it to.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => void shutdown(0));
