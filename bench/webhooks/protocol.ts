/** IPC between bench/webhooks.ts and its receiver child process. */
import type { HistogramSnapshot } from "../support/latency-histogram";

export type ReceiverReady = { type: "ready"; ports: number[] };
export type ReceiverReport = {
  type: "report";
  requests: number;
  /** Requests whose signature the standardwebhooks package rejected. */
  badSignatures: number;
  /** Requests whose seq was not the next one of its (receiver, group). */
  orderViolations: number;
  duplicates: number;
  /** Enqueue (bench process) → request fully read (receiver process), ms. */
  latency: HistogramSnapshot;
};
export type FromReceiver = ReceiverReady | ReceiverReport;
export type ToReceiver = { type: "report"; reset: boolean };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
