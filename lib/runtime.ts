import type { Server } from "socket.io";
import type { Config } from "./config";
import type { Db } from "./store/prisma";
import { startFleetBridge, type FleetInput } from "./cluster/fleet-bridge";
import { startInstanceRegistry } from "./cluster/instance-registry";
import { startLeadership } from "./cluster/leadership";
import { joinInstances } from "./cluster/redis-adapter";
import { registerAlertNudge } from "./control/alert-nudge";
import { startControlLoop } from "./control/control-loop";
import { startProblemsWatch } from "./control/problems-watch";
import { startGroupingJob } from "./control/grouping-job";
import { startReplicationJob } from "./control/replication-job";
import { startRingJob } from "./control/ring-job";
import { startAlertJob } from "./control/alert-job";
import { startRecoveryJob } from "./control/recovery-job";
import { openIncident } from "./store/incidents";
import { clusterKey } from "./store/instances";
import { prismaOutbox } from "./store/outbox";
import { createDispatcher } from "./webhooks";
import { detectorConfig } from "./detect/detector";
import { LiveFleet } from "./fleet/live-fleet";
import { IngestBatcher } from "./ingest/ingest-batcher";
import { RateCounter } from "./ingest/rate-counter";
import { startEventLoopLagSampler } from "./observability/event-loop-lag";
import { VigilMetrics } from "./observability/prometheus";
import { attachAgentNamespace, type AgentDirectory } from "./realtime/agent-namespace";
import { attachUiNamespace, type UiFeed } from "./realtime/ui-namespace";
import { loadStoredNodes } from "./store/nodes";
import { loadOrCreateClusterId } from "./store/node-identity";
import { fleetLoad } from "./store/metrics";
import { publishLiveView } from "./fleet/live-view";
import { judgeVigilHealth } from "./problems/vigil-health";
import { openTimeSeriesStore } from "./store/timeseries-store";
import type { LeaseHold } from "./store/lease";
import { loadGroupMemory } from "./store/replication";
import { publishSentinelEndpoint, startSentinelEndpoint } from "./sentinel";

export type Runtime = { metrics: VigilMetrics; fleet: LiveFleet; stop: () => Promise<void> };

/** "Overloaded" is judged on the worst event-loop lag seen this recently. */
const RECENT_LAG_MS = 5_000;

type LeaderJobs = {
  recovery: ReturnType<typeof startRecoveryJob>;
  alerts: ReturnType<typeof startAlertJob>;
  stop: () => Promise<void>;
};

/**
 * Wires the live side of Vigil. Every instance ingests from its own agents, keeps the whole
 * fleet live (through the cluster bridge when REDIS_URL joins several) and serves its browsers;
 * the jobs that must run once per fleet run only on the instance holding the leader lease, and
 * are started afresh from the database each time it is won.
 */
export async function startRuntime(config: Config, db: Db, io: Server): Promise<Runtime> {
  const { instanceId } = config.cluster;
  const metrics = new VigilMetrics();
  // The worst event-loop lag of the last few seconds: what "Vigil is overloaded" is judged on.
  let worstLag = { ms: 0, at: 0 };
  const lagSampler = startEventLoopLagSampler(metrics.eventLoopLag, (ms) => {
    const at = performance.now();
    if (ms >= worstLag.ms || at - worstLag.at > RECENT_LAG_MS) worstLag = { ms, at };
  });
  const recentLagMs = () => (performance.now() - worstLag.at > RECENT_LAG_MS ? 0 : worstLag.ms);
  let leadershipLostAt: number | null = null;
  const fleet = new LiveFleet(detectorConfig(config.detection));
  fleet.load(await loadStoredNodes(db), Date.now());
  fleet.loadHistory.seed(await fleetLoad(db, Date.now()));
  const writer = await openTimeSeriesStore(config.databaseUrl);
  const redis = config.cluster.redisUrl ? await joinInstances(io, config.cluster.redisUrl, await clusterKey(db)) : null;

  let ui: UiFeed | null = null;
  // Until the agent namespace is attached no agent is connected here to cut off.
  let agentDirectory: AgentDirectory | null = null;
  let leaderJobs: LeaderJobs | null = null;
  // Heartbeats and logs other instances stored: the fleet's rates, not only this instance's share.
  const remoteHeartbeats = new RateCounter();
  const remoteLogs = new RateCounter();
  const bridge = redis
    ? startFleetBridge({
        io,
        fleet,
        instanceId,
        onRemoteHeartbeat: (nodeId, point) => {
          remoteHeartbeats.add(1, Date.now());
          ui?.heartbeat(nodeId, point);
        },
        onRemoteRemoved: (nodeId) => agentDirectory?.disconnect(nodeId),
        onRemoteLogs: (entries) => {
          remoteLogs.add(entries.length, Date.now());
          ui?.logs(entries);
          leaderJobs?.alerts.onLogs(entries);
        },
      })
    : null;
  const input: FleetInput = bridge?.input ?? fleet;

  const clusterId = await loadOrCreateClusterId(db);
  // From here to leadership.onChange below nothing may await: a lease won meanwhile would start no leader jobs.
  const leadership = startLeadership({ db, instanceId, ttlMs: config.cluster.leaseTtlMs, alone: redis === null });
  const lease = (): LeaseHold | null => (leadership.isLeader() ? leadership.hold() : null);

  const batcher = new IngestBatcher(writer, input, config.ingest, {
    watches: (nodeId) => ui?.watches(nodeId) ?? false,
    onHeartbeat: (nodeId, point) => ui?.heartbeat(nodeId, point),
    onLogs: (entries) => {
      ui?.logs(entries);
      leaderJobs?.alerts.onLogs(entries);
      bridge?.logs(entries);
    },
    onBatchWritten: (seconds, heartbeats, logs) => {
      metrics.batchSeconds.observe(seconds);
      metrics.heartbeats.inc(heartbeats);
      metrics.logs.inc(logs);
    },
  });
  const rates = () => {
    const now = Date.now();
    return {
      heartbeatsPerSec: batcher.heartbeatRate.perSecond(now) + remoteHeartbeats.perSecond(now),
      logsPerSec: batcher.logRate.perSecond(now) + remoteLogs.perSecond(now),
    };
  };
  /** Here and, through the bridge, on every other instance: out of the fleet, agent cut off. */
  const decommission = (nodeId: string) => {
    input.remove(nodeId, Date.now());
    agentDirectory?.disconnect(nodeId);
  };
  // Read by GET /api/v1/problems and the problems push; everything it reads is assigned below
  // without an await in between, so no request can call it earlier.
  const health = () => {
    const now = Date.now();
    const distrust = control.distrust();
    return judgeVigilHealth({
      now,
      instanceId,
      eventLoopLagMs: recentLagMs(),
      ingestBacklogMs: batcher.backlogMs(now),
      detection: { distrustedUntil: distrust.frozenUntil, reason: distrust.reason },
      leadership: { isLeader: leadership.isLeader(), alone: redis === null, lostAt: leadershipLostAt },
      nodeWrites: control.nodeWrites(),
    });
  };
  publishLiveView({ fleet, rates, steer: (nodeId, steering) => input.applySteering(nodeId, steering), decommission, health });
  const uiFeed = attachUiNamespace(io, { config, db, fleet, rates });
  ui = uiFeed;
  const problemsWatch = startProblemsWatch({ db, ui: uiFeed });
  const agents = attachAgentNamespace(io, { config, db, clusterId, fleet: input, groups: fleet, batcher, writer, metrics, clustered: redis !== null });
  agentDirectory = agents.directory;
  const control = startControlLoop({
    config,
    fleet,
    writer,
    metrics,
    ui: uiFeed,
    rates,
    ingestBacklogMs: (now) => batcher.backlogMs(now),
    isLeader: leadership.isLeader,
    onStateChanges: () => {
      leaderJobs?.recovery.nudge();
      leaderJobs?.alerts.nudge();
      problemsWatch.nudge();
    },
  });
  const ring = startRingJob({ db, fleet, input, agents: agents.directory, lease, onEpoch: uiFeed.ringChanged });
  const registry = startInstanceRegistry({
    db,
    instanceId,
    connectedAgents: () => agents.directory.connectedNodeIds().length,
    heartbeatsPerSec: () => batcher.heartbeatRate.perSecond(Date.now()),
  });

  const startLeaderJobs = (): LeaderJobs => {
    const grouping = startGroupingJob({ db, fleet, writer, ui: uiFeed });
    const replication = startReplicationJob({ db, fleet, onChange: uiFeed.replicaGroupsChanged, distrust: control.distrust });
    const dispatcher = createDispatcher({
      outbox: prismaOutbox(db, lease),
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
    let alertsRef: { nudge: () => void } | null = null;
    const recovery = startRecoveryJob({ db, fleet, agents: agents.directory, replicaGroups: replication.refresh, distrust: control.distrust, lease, onChange: () => {
      uiFeed.recoveryChanged();
      problemsWatch.nudge();
      alertsRef?.nudge();
    } });
    const alerts = startAlertJob({
      db,
      fleet,
      dispatcher,
      externalURL: config.externalUrl,
      recoveryEvents: () =>
        recovery.events().map((e) => ({ kind: e.kind, at: e.at, message: e.summary, ...(e.nodeId ? { node: e.nodeId } : {}), ...(e.groupId ? { group: e.groupId } : {}) })),
    });
    alertsRef = alerts;
    registerAlertNudge(alerts.nudge);
    return {
      recovery,
      alerts,
      async stop() {
        grouping.stop();
        replication.stop();
        registerAlertNudge(null);
        alerts.stop();
        await recovery.stop();
        await dispatcher.stop();
      },
    };
  };

  // Leadership changes are applied one after another: the old jobs have stopped before new ones start.
  let stopping = false;
  let transitions = Promise.resolve();
  leadership.onChange((hold) => {
    metrics.leadershipChanges.inc({ change: hold ? "won" : "lost" });
    if (!stopping) leadershipLostAt = hold ? null : Date.now();
    transitions = transitions.then(async () => {
      if (leaderJobs) {
        const stopped = leaderJobs;
        leaderJobs = null;
        await stopped.stop();
      }
      if (hold && !stopping) leaderJobs = startLeaderJobs();
    });
  });

  // Optional (VIGIL_SENTINEL_PORT): Redis clients find each group's primary here as through Sentinel.
  const { sentinel } = config;
  const sentinelEndpoint = sentinel.port === null
    ? null
    : await startSentinelEndpoint({
        fleet,
        host: sentinel.host,
        port: sentinel.port,
        password: sentinel.password,
        memory: await loadGroupMemory(db),
        downAfterMs: config.detection.disconnectConfirmMs,
      });
  if (sentinelEndpoint) {
    publishSentinelEndpoint(sentinelEndpoint);
    console.log(`[sentinel] Sentinel-compatible endpoint on ${sentinel.host}:${sentinelEndpoint.port}${sentinel.password === null ? " (no password)" : " (password required)"}`);
  }

  return {
    metrics,
    fleet,
    async stop() {
      stopping = true;
      publishSentinelEndpoint(null);
      await sentinelEndpoint?.stop();
      agents.stop();
      ring.stop();
      await leadership.stop();
      await transitions;
      await batcher.stop();
      await control.stop();
      bridge?.stop();
      problemsWatch.stop();
      uiFeed.stop();
      await registry.stop();
      await redis?.close();
      await writer.close();
      lagSampler.stop();
      publishLiveView(null);
    },
  };
}
