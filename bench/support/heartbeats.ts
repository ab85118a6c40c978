import type { Heartbeat, Hello, Metrics } from "../../lib/protocol/agent";

/** Plausible host metrics that drift a little from beat to beat, like a real host's. */
export function realisticMetrics(previous: Metrics | null): Metrics {
  const drift = (value: number, step: number, max: number) => Math.min(max, Math.max(0, value + (Math.random() - 0.5) * step));
  if (!previous) {
    return {
      cpu: 0.1 + Math.random() * 0.5,
      mem: 0.3 + Math.random() * 0.4,
      disk: 0.2 + Math.random() * 0.5,
      netIn: Math.round(50_000 + Math.random() * 500_000),
      netOut: Math.round(50_000 + Math.random() * 500_000),
      load1: Math.random() * 4,
      latencyMs: 1 + Math.random() * 20,
      errorRate: Math.random() * 0.01,
    };
  }
  return {
    cpu: drift(previous.cpu, 0.05, 1),
    mem: drift(previous.mem, 0.01, 1),
    disk: previous.disk,
    netIn: Math.round(drift(previous.netIn, 20_000, 1e9)),
    netOut: Math.round(drift(previous.netOut, 20_000, 1e9)),
    load1: drift(previous.load1, 0.2, 64),
    latencyMs: drift(previous.latencyMs ?? 5, 1, 10_000),
    errorRate: drift(previous.errorRate ?? 0, 0.001, 1),
  };
}

/** Produces heartbeats for one node: seq 1, 2, 3… with fresh timestamps and drifting metrics. */
export class HeartbeatSource {
  private seq = 0;
  private metrics: Metrics | null = null;

  next(): Heartbeat {
    this.seq++;
    // Drift every 8th beat only: at tens of thousands per second the generator must stay cheap.
    if (this.metrics === null || this.seq % 8 === 0) this.metrics = realisticMetrics(this.metrics);
    return { seq: this.seq, ts: Date.now(), metrics: this.metrics };
  }
}

export function benchHello(nodeId: string, index: number): Hello {
  const shard = index % 16;
  return {
    hostname: `${nodeId}.bench.local`,
    zone: `zone-${index % 3}`,
    group: `shard-${shard}`,
    role: index % 3 === 0 ? "primary" : "replica",
    agentVersion: "bench",
  };
}
