import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { FleetStats } from "../protocol/views";
import { NODE_STATES } from "../protocol/common";

const PROCESS_PREFIX = "vigil_process_";

/**
 * prom-client's default metrics include three gauges ending in `_total`, a suffix Prometheus
 * reserves for counters (`promtool check metrics` refuses them; prometheus/client_js#283).
 * The same figures are kept under `_all`: the per-type gauge beside each already owns the bare name.
 */
function renameTotalGauges(registry: Registry): void {
  for (const kind of ["handles", "requests", "resources"]) {
    const name = `${PROCESS_PREFIX}nodejs_active_${kind}_total`;
    const original = registry.getSingleMetric(name);
    if (!original) continue;
    registry.removeSingleMetric(name);
    new Gauge({
      name: `${PROCESS_PREFIX}nodejs_active_${kind}_all`,
      help: `Number of active ${kind}, all types together.`,
      registers: [registry],
      async collect() {
        const { values } = await original.get();
        this.set(values[0]?.value ?? 0);
      },
    });
  }
}

/**
 * Planning rounds the recovery job completed (recorded under the lease). Module-wide so the job
 * counts without being handed the metrics; tests wait on it to prove the planner had its chance.
 */
export const recoveryRounds = new Counter({ name: "vigil_recovery_rounds_total", help: "Recovery planning rounds recorded", registers: [] });

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
  readonly ingestBacklog = new Gauge({
    name: "vigil_ingest_backlog_seconds",
    help: "How long the oldest heartbeat or log batch received from an agent has waited for its commit and acknowledgement",
    registers: [this.registry],
  });
  readonly detectionInGrace = new Gauge({
    name: "vigil_detection_in_grace",
    help: "1 while this instance distrusts its own view (start, event-loop stall, clock jump, ingest backlog) and holds lateness verdicts",
    registers: [this.registry],
  });
  /** Lateness of a 20 ms timer (lib/observability/event-loop-lag): the p99 and the stalls over 0.5 s are read from here. */
  readonly eventLoopLag = new Histogram({
    name: "vigil_event_loop_lag_seconds",
    help: "How late a 20 ms timer fired: the event loop's responsiveness",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly leadershipChanges = new Counter({
    name: "vigil_leadership_changes_total",
    help: "Times this instance won or lost the leader lease",
    labelNames: ["change"],
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
  /** lib/control/write-retry-queue: what the database refused is retried, and only what overflows the queue is lost. */
  readonly nodeWritesQueued = new Gauge({
    name: "vigil_node_writes_queued",
    help: "Node state-change events and node rows the database refused, waiting to be retried",
    registers: [this.registry],
  });
  readonly nodeEventsDropped = new Counter({
    name: "vigil_node_events_dropped_total",
    help: "Node state-change events given up: past the retry queue's cap while the database refused writes, or unwritten when this instance lost the leadership",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: PROCESS_PREFIX });
    renameTotalGauges(this.registry);
    this.registry.registerMetric(recoveryRounds);
  }

  observeFleet(stats: FleetStats): void {
    this.connectedAgents.set(stats.connectedAgents);
    for (const state of NODE_STATES) this.nodesByState.set({ state }, stats.counts[state]);
  }
}
