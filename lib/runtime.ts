import type { Server } from "socket.io";
import type { Config } from "./config";
import type { Db } from "./store/prisma";
import { startControlLoop } from "./control/control-loop";
import { startGroupingJob } from "./control/grouping-job";
import { startReplicationJob } from "./control/replication-job";
import { startRingJob } from "./control/ring-job";
import { startAlertJob } from "./control/alert-job";
import { startRecoveryJob } from "./control/recovery-job";
import { openIncident } from "./store/incidents";
import { prismaOutbox } from "./store/outbox";
import { createDispatcher } from "./webhooks";
import { detectorConfig } from "./detect/detector";
import { LiveFleet } from "./fleet/live-fleet";
import { IngestBatcher } from "./ingest/ingest-batcher";
import { VigilMetrics } from "./observability/prometheus";
import { attachAgentNamespace } from "./realtime/agent-namespace";
import { attachUiNamespace, type UiFeed } from "./realtime/ui-namespace";
import { loadAllNodes } from "./store/nodes";
import { TimeSeriesWriter } from "./store/timeseries-writer";

export type Runtime = { metrics: VigilMetrics; fleet: LiveFleet; stop: () => Promise<void> };

/** Wires the live side of Vigil: fleet state, ingest, Socket.IO namespaces and the control loop. */
export async function startRuntime(config: Config, db: Db, io: Server): Promise<Runtime> {
  const metrics = new VigilMetrics();
  const fleet = new LiveFleet(detectorConfig(config.detection));
  fleet.load(await loadAllNodes(db), Date.now());
  const writer = new TimeSeriesWriter(config.databaseUrl);

  let ui: UiFeed | null = null;
  let alerts: ReturnType<typeof startAlertJob> | null = null;
  let recovery: ReturnType<typeof startRecoveryJob> | null = null;
  const batcher = new IngestBatcher(writer, fleet, config.ingest, {
    onHeartbeat: (nodeId, point) => ui?.heartbeat(nodeId, point),
    onLogs: (entries) => {
      ui?.logs(entries);
      alerts?.onLogs(entries);
    },
    onBatchWritten: (seconds, heartbeats, logs) => {
      metrics.batchSeconds.observe(seconds);
      metrics.heartbeats.inc(heartbeats);
      metrics.logs.inc(logs);
    },
  });
  const rates = () => {
    const now = Date.now();
    return { heartbeatsPerSec: batcher.heartbeatRate.perSecond(now), logsPerSec: batcher.logRate.perSecond(now) };
  };
  ui = attachUiNamespace(io, { config, db, fleet, rates });
  const agents = attachAgentNamespace(io, { config, db, fleet, batcher, writer, metrics });
  const control = startControlLoop({ config, fleet, writer, metrics, ui, rates, onStateChanges: () => recovery?.nudge() });
  const grouping = startGroupingJob({ db, fleet, writer, ui });
  const replication = startReplicationJob({ db, fleet });
  const ring = startRingJob({ db, fleet, agents: agents.directory });
  const dispatcher = createDispatcher({
    outbox: prismaOutbox(db),
    onEvent: (event) => {
      if (event.type !== "receiver-disabled") return;
      void openIncident(db, "webhooks", {
        key: `receiver_disabled:${event.receiverId}`,
        kind: "receiver_disabled",
        severity: "critical",
        subject: event.receiverId,
        message: `webhook receiver disabled: ${event.reason}`,
      }, event.at).catch((error) => console.error("[webhooks] cannot open incident", error));
    },
  });
  dispatcher.start();
  recovery = startRecoveryJob({ db, fleet, agents: agents.directory, replicaGroups: replication.refresh, distrust: control.distrust });
  alerts = startAlertJob({
    db,
    fleet,
    dispatcher,
    externalURL: config.externalUrl,
    recoveryEvents: () =>
      (recovery?.events() ?? []).map((e) => ({ kind: e.kind, at: e.at, message: e.summary, ...(e.nodeId ? { node: e.nodeId } : {}), ...(e.groupId ? { group: e.groupId } : {}) })),
  });

  return {
    metrics,
    fleet,
    async stop() {
      agents.stop();
      grouping.stop();
      replication.stop();
      ring.stop();
      alerts?.stop();
      recovery?.stop();
      await dispatcher.stop();
      batcher.stop();
      await control.stop();
      ui?.stop();
      writer.close();
    },
  };
}
