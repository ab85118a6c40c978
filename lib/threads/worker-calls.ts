import { Worker } from "node:worker_threads";

type AnyMethods = Record<string, (...args: never[]) => unknown>;
export type CallRequest = { id: number; method: string; args: unknown[] };
export type CallResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; code?: unknown };

const BOOT = new URL("./worker-boot.mjs", import.meta.url);

/**
 * Calls into a worker thread that serves an object of methods (see serve-calls): the way Vigil
 * keeps long synchronous work (SQLite statements, k-means over the fleet) off its event loop.
 * The worker starts on first use and again after a crash; calls in flight then fail.
 */
export class WorkerCalls<Methods extends AnyMethods> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** `entry`: the module that calls serveCalls; `data` reaches it as its workerData. */
  constructor(private readonly entry: URL, private readonly data: Record<string, unknown> = {}, private readonly name = "worker") {}

  call<M extends keyof Methods & string>(method: M, ...args: Parameters<Methods[M]>): Promise<Awaited<ReturnType<Methods[M]>>> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies CallRequest);
    });
  }

  /** Calls `finalMethod` first if given (e.g. to close a database), then ends the thread. */
  async close(finalMethod?: keyof Methods & string): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    if (finalMethod) await this.call(finalMethod, ...([] as unknown as Parameters<Methods[typeof finalMethod]>)).catch(() => undefined);
    this.worker = null;
    await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(BOOT, { workerData: { ...this.data, entry: this.entry.href }, name: this.name });
    worker.on("message", (response: CallResponse) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      if (response.ok) waiter.resolve(response.value);
      else waiter.reject(Object.assign(new Error(response.message), response.code === undefined ? {} : { code: response.code }));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on("error", (error) => {
      console.error(`[${this.name}] worker thread failed`, error);
      fail(error);
    });
    worker.on("exit", (code) => fail(new Error(`${this.name} worker thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
