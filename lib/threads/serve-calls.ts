import { parentPort } from "node:worker_threads";
import type { CallRequest, CallResponse } from "./worker-calls";

/** The worker side of WorkerCalls: answers each request with the method's result or its error. */
export function serveCalls(methods: Record<string, (...args: never[]) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error("serveCalls runs in a worker thread");
  port.on("message", (request: CallRequest) => {
    let response: CallResponse;
    try {
      const method = methods[request.method] as ((...args: unknown[]) => unknown) | undefined;
      if (!method) throw new Error(`no method ${request.method}`);
      response = { id: request.id, ok: true, value: method(...request.args) };
    } catch (error) {
      response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code };
    }
    port.postMessage(response);
  });
}
