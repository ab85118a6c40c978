import { parentPort, workerData } from "node:worker_threads";
import { SqliteTimeSeries } from "./sqlite-timeseries";
import type { WorkerRequest, WorkerResponse } from "./timeseries-writer";

/** One SQLite connection in its own thread: the statements of lib/store/sqlite-timeseries, on request. */
const store = new SqliteTimeSeries((workerData as { path: string }).path);
const port = parentPort;
if (!port) throw new Error("sqlite-timeseries-worker runs as a worker thread");

port.on("message", (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const method = store[request.method] as (...args: unknown[]) => unknown;
    response = { id: request.id, ok: true, value: method.apply(store, request.args) };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code };
  }
  port.postMessage(response);
});
