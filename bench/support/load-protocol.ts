import type { HistogramSnapshot } from "./latency-histogram";

/** How a load-generator child drives its clients. */
export type LoadPattern =
  /** Closed loop: each client keeps `window` heartbeats in flight, sending the next on each ack. */
  | { kind: "saturate"; window: number }
  /** Open loop: each client sends `perClientPerSec` heartbeats per second whatever the acks do. */
  | { kind: "paced"; perClientPerSec: number; maxInFlightPerClient: number };

export type LoadGeneratorConfig = {
  /** Base URL of the server, without the namespace. */
  url: string;
  token: string;
  /** Node ids are `${nodeIdPrefix}${index}`: one Socket.IO connection per node id. */
  nodeIdPrefix: string;
  clients: number;
  pattern: LoadPattern;
  /** Connections opened at once while ramping up. */
  connectConcurrency: number;
  connectTimeoutMs: number;
  /** After `stop`, how long to wait for acks still in flight. */
  drainTimeoutMs: number;
};

export type ParentToGenerator = { type: "start" } | { type: "mark" } | { type: "stop" };

export type GeneratorReport = {
  /** Acks with ok: true received between `mark` and `stop`, and that window as this process timed it. */
  ackedInWindow: number;
  windowSeconds: number;
  /** Error acks by code, over the whole run. */
  errorAcks: Record<string, number>;
  sentTotal: number;
  ackedTotal: number;
  /** Paced sends skipped because the client already had too many heartbeats in flight. */
  skippedSends: number;
  unackedAfterDrain: number;
  disconnects: number;
  /** Ack latency of heartbeats acked between `mark` and `stop`. */
  latency: HistogramSnapshot;
};

export type GeneratorToParent =
  | { type: "ready"; connected: number; failed: number; firstError: string | null; connectSeconds: number }
  | { type: "marked" }
  | { type: "report"; report: GeneratorReport };

export const isReady = (m: GeneratorToParent): m is Extract<GeneratorToParent, { type: "ready" }> => m.type === "ready";
export const isMarked = (m: GeneratorToParent): m is Extract<GeneratorToParent, { type: "marked" }> => m.type === "marked";
export const isReport = (m: GeneratorToParent): m is Extract<GeneratorToParent, { type: "report" }> => m.type === "report";
