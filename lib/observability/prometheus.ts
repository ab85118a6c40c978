import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { FleetStats } from "../protocol/views";
import { NODE_STATES } from "../protocol/common";

/** Vigil's own figures, scraped at GET /metrics. */
export class VigilMetrics {
  readonly registry = new Registry();
  readonly heartbeats = new Counter({ name: "vigil_heartbeats_ingested_total", help: "Heartbeats stored", registers: [this.registry] });
  readonly logs = new Counter({ name: "vigil_logs_ingested_total", help: "Log entries stored", registers: [this.registry] });
  readonly rejected = new Counter({
    name: "vigil_agent_events_rejected_total",
    help: "Agent events refused, by reason",
    labelNames: ["reason"],
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: "vigil_ingest_batch_write_seconds",
    help: "Latency of one ingest batch write",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly eventLoopDelay = new Gauge({
    name: "vigil_event_loop_delay_seconds",
    help: "Worst lateness of the detector's 100 ms tick over the last second",
    registers: [this.registry],
  });
  readonly connectedAgents = new Gauge({ name: "vigil_connected_agents", help: "Agents connected now", registers: [this.registry] });
  readonly nodesByState = new Gauge({ name: "vigil_nodes", help: "Nodes by health state", labelNames: ["state"], registers: [this.registry] });
  readonly stateChanges = new Counter({
    name: "vigil_node_state_changes_total",
    help: "Node state changes decided by the detector",
    labelNames: ["to"],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "vigil_process_" });
  }

  observeFleet(stats: FleetStats): void {
    this.connectedAgents.set(stats.connectedAgents);
    for (const state of NODE_STATES) this.nodesByState.set({ state }, stats.counts[state]);
  }
}
