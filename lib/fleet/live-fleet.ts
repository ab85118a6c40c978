import type { Heartbeat, Hello, Replication } from "../protocol/agent";
import type { NodeState } from "../protocol/common";
import type { FleetStats, NodeView } from "../protocol/views";
import type { DetectorConfig, Verdict } from "../detect/detector";
import type { NodeSnapshotRow } from "../store/timeseries-writer";
import { judge, newLiveness, recordConnect, recordDisconnect, recordHeartbeat, type Liveness } from "../detect/detector";
import type { MetricName } from "../protocol/views";
import { NODE_STATES } from "../protocol/common";
import { FleetLoadHistory } from "./fleet-load-history";
import { LoadWindow } from "./load-window";
import { labelsWithPriority, type Steering } from "../auth/steering";
import { observeServiceHealth } from "../recovery/service-verdict";

type LiveNode = {
  view: NodeView;
  liveness: Liveness;
  load: LoadWindow;
  /** Highest seqs accepted into a batch (committed or about to be). */
  lastSeq: number;
  lastLogSeq: number;
};

export type StateChange = Verdict & { nodeId: string; at: number };

const REMOVAL_MEMORY_MS = 10 * 60_000;

/**
 * The fleet as this process sees it right now: node info, latest metrics and liveness.
 * No I/O: callers persist snapshots and push deltas. Updated on every heartbeat, so cheap.
 */
export class LiveFleet {
  private readonly nodes = new Map<string, LiveNode>();
  /** Changes an operator must see in the database at once: state, connection, identity. */
  private readonly stateDirty = new Set<string>();
  /** Latest metrics and phi: persisted less often, the live view comes over Socket.IO anyway. */
  private readonly metricsDirty = new Set<string>();
  /** Nodes whose state, connection or identity changed: browsers get them with the next push. */
  private readonly uiStateDirty = new Set<string>();
  /** Nodes whose metrics only changed: sent a bounded number per push, oldest change first. */
  private readonly uiMetricsDirty = new Set<string>();
  /** When each decommissioned node left: a hello that began before then is stale and must not bring it back. */
  private readonly removedAt = new Map<string, number>();
  private readonly uiRemoved = new Set<string>();
  /** Replica groups whose members or addresses changed: their agents get a new `membership`. */
  private readonly membershipDirty = new Set<string>();
  /** The fleet's mean load per minute over the last hour: the overview chart. */
  readonly loadHistory = new FleetLoadHistory();
  /** Counts state changes (state, connection, identity, replication topology): watchers recompute only when it moved. */
  private stateChanges = 0;

  constructor(private readonly detector: DetectorConfig) {}

  /** Seeds from the database at start; known nodes are judged after the startup grace. */
  load(views: NodeView[], now: number): void {
    for (const view of views) {
      const liveness = newLiveness(this.detector, view.state, now);
      liveness.stateSince = view.stateSince;
      this.nodes.set(view.id, { view: { ...view, connected: false }, liveness, load: new LoadWindow(), lastSeq: 0, lastLogSeq: 0 });
    }
  }

  get(nodeId: string): NodeView | undefined {
    return this.nodes.get(nodeId)?.view;
  }

  size(): number {
    return this.nodes.size;
  }

  /** `now` is when the hello began: one still in flight when its node was removed is ignored. */
  applyHello(nodeId: string, hello: Hello, seqs: { heartbeat: number; log: number }, now: number): void {
    if (now <= (this.removedAt.get(nodeId) ?? Number.NEGATIVE_INFINITY)) return;
    let node = this.nodes.get(nodeId);
    if (!node) {
      node = {
        view: {
          id: nodeId, hostname: hello.hostname, address: null, zone: null, group: null, role: null, labels: {}, weight: 1,
          agentVersion: null, state: "unknown", stateReason: null, stateSince: now, phi: 0, connected: false, firstSeenAt: now,
          lastHeartbeatAt: null, metrics: null, replication: null, placementEpoch: null,
        },
        liveness: newLiveness(this.detector, "unknown", now),
        load: new LoadWindow(),
        lastSeq: 0,
        lastLogSeq: 0,
      };
      this.nodes.set(nodeId, node);
    }
    this.groupChanging(node.view.group, hello.group ?? null);
    Object.assign(node.view, {
      hostname: hello.hostname,
      address: hello.address ?? null,
      zone: hello.zone ?? null,
      group: hello.group ?? null,
      role: hello.role ?? null,
      labels: hello.labels ?? {},
      weight: hello.weight ?? 1,
      agentVersion: hello.agentVersion,
      fencingEpoch: hello.fencingEpoch ?? null,
    });
    node.lastSeq = Math.max(node.lastSeq, seqs.heartbeat);
    node.lastLogSeq = Math.max(node.lastLogSeq, seqs.log);
    this.touch(nodeId, "state");
  }

  /**
   * A decommissioned node leaves at once: its liveness, load window and pending changes go with it.
   * Heartbeats still in flight find no node and are dropped; so are hellos that began before now.
   */
  remove(nodeId: string, now: number): void {
    const group = this.nodes.get(nodeId)?.view.group ?? null;
    if (group !== null) this.membershipDirty.add(group);
    if (this.nodes.delete(nodeId)) this.uiRemoved.add(nodeId);
    this.stateChanges++;
    for (const dirty of [this.stateDirty, this.metricsDirty, this.uiStateDirty, this.uiMetricsDirty]) dirty.delete(nodeId);
    // A hello is answered within the agent's 30 s timeout: older marks can never matter again.
    for (const [id, at] of this.removedAt) if (at < now - REMOVAL_MEMORY_MS) this.removedAt.delete(id);
    this.removedAt.set(nodeId, now);
  }

  lastSeqs(nodeId: string): { heartbeat: number; log: number } | null {
    const node = this.nodes.get(nodeId);
    return node ? { heartbeat: node.lastSeq, log: node.lastLogSeq } : null;
  }

  connected(nodeId: string, now: number): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    recordConnect(node.liveness, now);
    node.view.connected = true;
    this.touch(nodeId, "state");
  }

  disconnected(nodeId: string, now: number): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    recordDisconnect(node.liveness, now);
    node.view.connected = false;
    this.touch(nodeId, "state");
  }

  /** Returns false for a heartbeat at or below the node's high-water seq (a resend). */
  acceptHeartbeat(nodeId: string, heartbeat: Heartbeat, now: number): boolean {
    const node = this.nodes.get(nodeId);
    if (!node || heartbeat.seq <= node.lastSeq) return false;
    node.lastSeq = heartbeat.seq;
    recordHeartbeat(node.liveness, now);
    const { metrics, replication } = heartbeat;
    node.view.lastHeartbeatAt = now;
    node.load.add(now, metrics);
    this.loadHistory.add(nodeId, now, metrics);
    node.view.metrics = {
      cpu: metrics.cpu, mem: metrics.mem, disk: metrics.disk, netIn: metrics.netIn, netOut: metrics.netOut, load1: metrics.load1,
      latencyMs: metrics.latencyMs ?? null, errorRate: metrics.errorRate ?? null, custom: metrics.custom ?? null,
    };
    const service = observeServiceHealth(node.view.service, node.view.metrics, now);
    // A service turning sick (or well) changes the node's badge: browsers get it at once, like a state change.
    const serviceChanged = service.status !== (node.view.service?.status ?? "ok");
    node.view.service = service;
    const topologyChanged = this.setReplication(node, replication ?? null);
    this.touch(nodeId, topologyChanged || serviceChanged ? "state" : "metrics");
    return true;
  }

  /**
   * The replication status a command's outcome carried (a promote's ack says "role primary" a
   * heartbeat earlier than the next heartbeat would): the follows of a failover go out at once.
   */
  applyCommandReport(nodeId: string, replication: Replication): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    // The ack of a promote or follow may not name the data address; it did not move with the role.
    const address = replication.address ?? node.view.replication?.address ?? undefined;
    this.touch(nodeId, this.setReplication(node, address === undefined ? replication : { ...replication, address }) ? "state" : "metrics");
  }

  /** Groups whose members or data addresses changed since the last call (the `membership` push). */
  takeMembershipDirty(): string[] {
    const groups = [...this.membershipDirty];
    this.membershipDirty.clear();
    return groups;
  }

  /** The nodes of each of `groups` (one pass over the fleet, however many groups): their memberships. */
  groupNodes(groups: ReadonlySet<string>): Map<string, NodeView[]> {
    const byGroup = new Map<string, NodeView[]>([...groups].map((group) => [group, []]));
    for (const node of this.nodes.values()) {
      if (node.view.group !== null) byGroup.get(node.view.group)?.push(node.view);
    }
    return byGroup;
  }

  /** Returns whether the change matters to replica-group views at once (a role, link, leader or address change), unlike an offset. */
  private setReplication(node: LiveNode, replication: Replication | null): boolean {
    const before = node.view.replication;
    node.view.replication = replication
      ? {
          role: replication.role, offset: replication.offset, lagMs: replication.lagMs, linkUp: replication.linkUp, following: replication.following ?? null,
          address: replication.address ?? null, followingAddress: replication.followingAddress ?? null,
        }
      : null;
    const after = node.view.replication;
    const addressChanged = (before?.address ?? null) !== (after?.address ?? null);
    if (addressChanged && node.view.group !== null) this.membershipDirty.add(node.view.group);
    return (
      addressChanged ||
      before?.role !== after?.role ||
      before?.linkUp !== after?.linkUp ||
      (before?.following ?? null) !== (after?.following ?? null) ||
      (before?.followingAddress ?? null) !== (after?.followingAddress ?? null)
    );
  }

  /** Splits a log batch into new entries and resends (at or below the high-water seq). */
  acceptLogSeqs(nodeId: string, seqs: number[]): boolean[] {
    const node = this.nodes.get(nodeId);
    if (!node) return seqs.map(() => false);
    return seqs.map((seq) => {
      if (seq <= node.lastLogSeq) return false;
      node.lastLogSeq = seq;
      return true;
    });
  }

  /** An operator pinned, or approved, what steers recovery about this node (lib/auth/steering). */
  applySteering(nodeId: string, steering: Steering): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    const { zone, group, role, weight, priority } = steering;
    this.groupChanging(node.view.group, group);
    Object.assign(node.view, { zone, group, role, weight, labels: labelsWithPriority(node.view.labels, priority) });
    this.touch(nodeId, "state");
  }

  /** Nodes removed since the last call: browsers drop them from their lists. */
  takeUiRemoved(): string[] {
    const removed = [...this.uiRemoved];
    this.uiRemoved.clear();
    return removed;
  }

  /** Records the ring epoch an agent acknowledged. */
  placementAcknowledged(nodeId: string, epoch: number): void {
    const node = this.nodes.get(nodeId);
    if (!node || node.view.placementEpoch === epoch) return;
    node.view.placementEpoch = epoch;
    this.touch(nodeId, "state");
  }

  /** Every node as the API shows it: the input of replica-group and ring policies. */
  views(): NodeView[] {
    return [...this.nodes.values()].map((node) => node.view);
  }

  /** After a failed write, moves the high-water seqs back so the agent's resend is stored, not dropped. */
  rewind(nodeId: string, heartbeatSeq: number | null, logSeq: number | null): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    if (heartbeatSeq !== null) node.lastSeq = Math.min(node.lastSeq, heartbeatSeq);
    if (logSeq !== null) node.lastLogSeq = Math.min(node.lastLogSeq, logSeq);
  }

  /** Each node's mean load over the recent window: the input of load grouping. */
  recentLoad(now: number, windowMs: number): { nodeId: string; means: Partial<Record<MetricName, number | null>>; samples: number }[] {
    const loads = [];
    for (const [nodeId, node] of this.nodes) {
      if (node.view.state === "maintenance") continue;
      loads.push({ nodeId, ...node.load.means(now, windowMs) });
    }
    return loads;
  }

  /** Runs the detector over every node; returns the state changes it decided. */
  judgeAll(now: number, inGrace: boolean, behind = false): StateChange[] {
    const changes: StateChange[] = [];
    for (const [nodeId, node] of this.nodes) {
      const previousPhi = node.view.phi;
      const verdict = judge(node.liveness, this.detector, now, inGrace, behind);
      node.view.phi = node.liveness.phi;
      if (Math.abs(previousPhi - node.view.phi) >= 0.5) this.touch(nodeId, "metrics");
      if (!verdict) continue;
      node.view.state = verdict.to;
      node.view.stateReason = verdict.reason;
      node.view.stateSince = now;
      this.touch(nodeId, "state");
      changes.push({ ...verdict, nodeId, at: now });
    }
    return changes;
  }

  stats(now: number, rates: { heartbeatsPerSec: number; logsPerSec: number }): FleetStats {
    const counts = Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;
    let connectedAgents = 0;
    const service = { degraded: 0, down: 0 };
    for (const node of this.nodes.values()) {
      counts[node.view.state]++;
      if (node.view.connected) connectedAgents++;
      const status = node.view.state === "healthy" ? node.view.service?.status : undefined;
      if (status === "degraded" || status === "down") service[status]++;
    }
    return { at: now, counts, total: this.nodes.size, connectedAgents, ...rates, service };
  }

  /**
   * Nodes changed since the last call, for the browser deltas: every state change, and at most
   * `maxMetricOnly` nodes whose metrics alone changed (those waiting longest). At 10,000 nodes
   * every node's metrics change every second; sending them all twice a second cost the server
   * and every browser megabytes of JSON per second, while a node's figures a few seconds old
   * change nothing an operator decides.
   */
  takeUiDirty(maxMetricOnly = Number.POSITIVE_INFINITY): NodeView[] {
    const views: NodeView[] = [];
    const take = (id: string) => {
      const node = this.nodes.get(id);
      if (node) views.push({ ...node.view });
    };
    for (const id of this.uiStateDirty) {
      take(id);
      this.uiMetricsDirty.delete(id);
    }
    this.uiStateDirty.clear();
    let metricOnly = 0;
    for (const id of this.uiMetricsDirty) {
      if (metricOnly++ >= maxMetricOnly) break;
      take(id);
      this.uiMetricsDirty.delete(id);
    }
    return views;
  }

  /** Nodes to write to the database: state changes always, metric-only changes when asked. */
  takeSnapshotDirty(includeMetrics: boolean): NodeSnapshotRow[] {
    const ids = new Set(this.stateDirty);
    if (includeMetrics) for (const id of this.metricsDirty) ids.add(id);
    const rows: NodeSnapshotRow[] = [];
    for (const id of ids) {
      const node = this.nodes.get(id);
      if (node) rows.push(snapshotRow(node));
      this.stateDirty.delete(id);
      this.metricsDirty.delete(id);
    }
    return rows;
  }

  /** Moves whenever a node's state, connection, identity or replication topology changed, or a node left. */
  stateVersion(): number {
    return this.stateChanges;
  }

  /** A node joining or leaving a group: both groups get a new membership (a reconnecting agent gets its own after its hello). */
  private groupChanging(from: string | null, to: string | null): void {
    if (from === to) return;
    if (from !== null) this.membershipDirty.add(from);
    if (to !== null) this.membershipDirty.add(to);
  }

  private touch(nodeId: string, kind: "state" | "metrics"): void {
    if (kind === "state") {
      this.stateChanges++;
      this.stateDirty.add(nodeId);
      this.uiStateDirty.add(nodeId);
      return;
    }
    this.metricsDirty.add(nodeId);
    this.uiMetricsDirty.add(nodeId);
  }
}

function snapshotRow(node: LiveNode): NodeSnapshotRow {
  const { view } = node;
  const metrics = view.metrics;
  const rep = view.replication;
  return {
    id: view.id,
    state: view.state,
    stateReason: view.stateReason,
    stateSince: view.stateSince,
    phi: view.phi,
    connected: view.connected ? 1 : 0,
    lastHeartbeatAt: view.lastHeartbeatAt,
    lastSeq: node.lastSeq,
    lastLogSeq: node.lastLogSeq,
    cpu: metrics?.cpu ?? null,
    mem: metrics?.mem ?? null,
    disk: metrics?.disk ?? null,
    netIn: metrics?.netIn ?? null,
    netOut: metrics?.netOut ?? null,
    load1: metrics?.load1 ?? null,
    latencyMs: metrics?.latencyMs ?? null,
    errorRate: metrics?.errorRate ?? null,
    custom: metrics?.custom ? JSON.stringify(metrics.custom) : null,
    repRole: rep?.role ?? null,
    repOffset: rep?.offset ?? null,
    repLagMs: rep?.lagMs ?? null,
    repLinkUp: rep ? (rep.linkUp ? 1 : 0) : null,
    repFollowing: rep?.following ?? null,
    placementEpoch: view.placementEpoch,
  };
}
