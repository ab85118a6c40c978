import "server-only";
import type { Config } from "../config";
import type { LiveFleet } from "../fleet/live-fleet";
import type { VigilMetrics } from "../observability/prometheus";
import type { UiFeed } from "../realtime/ui-namespace";
import type { NewNodeEvent } from "../store/events";
import type { NodeSnapshotRow } from "../store/timeseries-rows";
import type { TimeSeriesStore } from "../store/timeseries-store";
import { distrustsItself, inGrace, isBehind, newSelfCheck, tick } from "../detect/self-check";
import { retentionCutoffs } from "../timeseries/resolution";
import { WriteRetryQueue } from "./write-retry-queue";

const DETECT_TICK_MS = 100;
const SNAPSHOT_MS = 1_000;
/**
 * Metric-only snapshots once a minute: only a restart reads them (the API serves the live fleet),
 * and at 10,000 nodes a row per node per second cost more than the heartbeats themselves.
 */
const METRICS_SNAPSHOT_EVERY = 60;
/** Rows per write: one write of 10,000 node rows would hold the event loop (and SQLite) for too long. */
const SNAPSHOT_CHUNK = 500;
const ROLLUP_MS = 60_000;
const RETENTION_MS = 10 * 60_000;
/** The first rollup after a start covers this much history; later ones start where the previous ended (stores widen for late samples). */
const ROLLUP_LOOKBACK_MS = 10 * 60_000;

export type ControlLoopDeps = {
  config: Config;
  fleet: LiveFleet;
  writer: TimeSeriesStore;
  metrics: VigilMetrics;
  ui: UiFeed;
  rates: () => { heartbeatsPerSec: number; logsPerSec: number };
  /** How long the oldest unacknowledged item from an agent has waited (lib/ingest/ingest-batcher). */
  ingestBacklogMs: (now: number) => number;
  /** Some node changed state: recovery re-plans at once rather than on its next tick. */
  onStateChanges?: () => void;
  /**
   * Every instance judges the fleet (its browsers see the verdicts), but only the leader stores
   * them, snapshots nodes, rolls up and enforces retention.
   */
  isLeader: () => boolean;
};

/**
 * Detection on every instance; what must happen once per fleet (storing verdicts, node snapshots,
 * rollups, retention) only while this instance holds the leader lease.
 */
export function startControlLoop(deps: ControlLoopDeps): {
  stop: () => Promise<void>;
  /** Until when this process distrusts its own view (startup, event-loop stall, clock jump). */
  distrust: () => { frozenUntil: number | null; reason: string | null };
  /** Node writes waiting for the database and its consecutive refusals: Vigil's own health (lib/problems). */
  nodeWrites: () => { queued: number; failing: number };
} {
  const { config, fleet, writer, metrics, ui } = deps;
  const selfCheck = newSelfCheck(Date.now(), performance.now(), config.detection.startupGraceMs);
  const selfCheckConfig = { expectedTickMs: DETECT_TICK_MS, stallThresholdMs: 1000, clockJumpThresholdMs: 2000, backlogThresholdMs: 1000, graceMs: 3000 };
  let worstTickLagMs = 0;
  // A backlog renews the grace on every tick while it lasts: say so when it starts, not ten times a second.
  let distrustLoggedUntil = 0;

  // Node rows are written by one lane, in order: on PostgreSQL two snapshot writes racing on
  // separate connections could otherwise store the older state last. Rollup and retention touch
  // other tables, so each gets its own lane and a long retention never delays a state change.
  const nodeWrites = writeLane();
  const rollupWrites = writeLane();
  const retentionWrites = writeLane();

  // Changes judged while a write is queued or running wait here and go out with the next write,
  // so a slow database never piles up one write per 100 ms tick. What the database refuses
  // (PostgreSQL restarting, SQLITE_BUSY) goes back here and is retried with backoff, not dropped.
  const pending = new WriteRetryQueue<NewNodeEvent, NodeSnapshotRow>((row) => row.id);
  let droppedCounted = 0;
  let changedSinceWrite = false;
  const flushNodeWrites = async (now: number) => {
    if (!deps.isLeader()) {
      // The new leader judges and stores the fleet itself; a deposed one's leftovers would race it.
      const given = pending.clear();
      if (given > 0) console.warn(`[node-writes] leadership lost: ${given} unwritten state change(s) left to the new leader`);
      metrics.nodeEventsDropped.inc(given);
      metrics.nodeWritesQueued.set(0);
      return;
    }
    const batch = pending.take(now);
    if (!batch) return;
    try {
      for (let i = 0; i < batch.snapshots.length; i += SNAPSHOT_CHUNK) await writer.writeBatch([], [], batch.snapshots.slice(i, i + SNAPSHOT_CHUNK));
      const stored = await writer.insertNodeEvents(batch.events);
      if (pending.failing > 0) console.log(`[node-writes] stored ${batch.events.length} state change(s) and ${batch.snapshots.length} node row(s) after ${pending.failing} failed attempt(s)`);
      pending.succeeded();
      ui.events(stored);
    } catch (error) {
      // Node rows are upserts and the events one insert: writing the whole batch again stores each once.
      const delay = pending.failed(batch, Date.now());
      if (pending.failing === 1 || pending.failing % 20 === 0) {
        console.error(`[node-writes] the database refused ${batch.events.length} state change(s) and ${batch.snapshots.length} node row(s) (attempt ${pending.failing}); retrying in ${delay} ms`, error);
      }
    } finally {
      metrics.nodeEventsDropped.inc(pending.dropped - droppedCounted);
      droppedCounted = pending.dropped;
      metrics.nodeWritesQueued.set(pending.size());
    }
  };
  const writeStateChanges = async () => {
    try {
      // State changes reach the database (and so the API) at once, not with the next snapshot.
      pending.add([], fleet.takeSnapshotDirty(false));
      await flushNodeWrites(Date.now());
    } finally {
      if (changedSinceWrite) {
        changedSinceWrite = false;
        deps.onStateChanges?.();
      }
    }
  };

  const detect = setInterval(() => {
    const now = Date.now();
    const mono = performance.now();
    worstTickLagMs = Math.max(worstTickLagMs, mono - selfCheck.lastMono - DETECT_TICK_MS);
    const wasDistrustful = distrustsItself(selfCheck, now);
    const distrust = tick(selfCheck, now, mono, selfCheckConfig, deps.ingestBacklogMs(now));
    if (distrust && (!wasDistrustful || now >= distrustLoggedUntil)) {
      console.warn(`[detect] ${distrust}: verdicts in grace period`);
      distrustLoggedUntil = now + 5_000;
    }
    const changes = fleet.judgeAll(now, inGrace(selfCheck, now), isBehind(selfCheck, now));
    for (const change of changes) metrics.stateChanges.inc({ to: change.to });
    if (!deps.isLeader()) return;
    if (changes.length > 0) {
      pending.add(changes.map((c) => ({ nodeId: c.nodeId, at: c.at, from: c.from, to: c.to, reason: c.reason, phi: c.phi })), []);
      changedSinceWrite = true;
    } else if (!pending.due(now)) return;
    void nodeWrites("detect", writeStateChanges);
  }, DETECT_TICK_MS);

  let snapshots = 0;
  const snapshot = async (everything = false) => {
    if (deps.isLeader()) {
      pending.add([], fleet.takeSnapshotDirty(everything || ++snapshots % METRICS_SNAPSHOT_EVERY === 0));
      // The final snapshot at stop does not wait out a backoff: it is the last chance.
      await flushNodeWrites(everything ? Number.POSITIVE_INFINITY : Date.now());
    } else await flushNodeWrites(Date.now());
    const stats = fleet.stats(Date.now(), deps.rates());
    metrics.observeFleet(stats);
    // The detector's own tick lateness: a stalled loop shows up here even when no timer fired during it.
    metrics.eventLoopDelay.set(Math.max(0, worstTickLagMs) / 1000);
    const now = Date.now();
    metrics.ingestBacklog.set(deps.ingestBacklogMs(now) / 1000);
    metrics.detectionInGrace.set(distrustsItself(selfCheck, now) ? 1 : 0);
    worstTickLagMs = 0;
  };
  const snapshotTimer = setInterval(() => void nodeWrites("snapshot", () => snapshot()), SNAPSHOT_MS);

  let rolledUpTo = Date.now() - ROLLUP_LOOKBACK_MS;
  const rollup = async () => {
    const now = Date.now();
    await writer.rollup(rolledUpTo, now);
    // The minute in progress is recomputed next time, once complete.
    rolledUpTo = Math.floor(now / 60_000) * 60_000;
  };
  const rollupTimer = setInterval(() => {
    if (deps.isLeader()) void rollupWrites("rollup", rollup);
  }, ROLLUP_MS);

  const retention = async () => {
    const deleted = await writer.enforceRetention(retentionCutoffs(Date.now(), config.retention));
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0) console.log(`[retention] deleted ${JSON.stringify(deleted)}`);
  };
  const retainIfLeader = () => {
    if (deps.isLeader()) void retentionWrites("retention", retention);
  };
  const retentionTimer = setInterval(retainIfLeader, RETENTION_MS);
  const firstRetention = setTimeout(retainIfLeader, 5_000);
  firstRetention.unref();

  return {
    distrust: () =>
      distrustsItself(selfCheck, Date.now())
        ? { frozenUntil: Math.max(selfCheck.graceUntil, selfCheck.behindUntil), reason: selfCheck.lastReason }
        : { frozenUntil: null, reason: null },
    nodeWrites: () => ({ queued: pending.size(), failing: pending.failing }),
    async stop() {
      clearInterval(detect);
      clearInterval(snapshotTimer);
      clearInterval(rollupTimer);
      clearInterval(retentionTimer);
      clearTimeout(firstRetention);
      // After what is queued, so the final snapshot is the newest state stored; the store is closed next.
      await Promise.all([nodeWrites("final snapshot", () => snapshot(true)), rollupWrites.idle(), retentionWrites.idle()]);
    },
  };
}

type WriteLane = ((job: string, run: () => Promise<void>) => Promise<void>) & { idle: () => Promise<void> };

/**
 * Runs jobs one after another. A job already waiting its turn is not queued twice: it reads the
 * fleet when it starts, so the one queued run covers every request made meanwhile.
 */
function writeLane(): WriteLane {
  let tail: Promise<void> = Promise.resolve();
  const waiting = new Map<string, Promise<void>>();
  const lane = (job: string, run: () => Promise<void>): Promise<void> => {
    const queued = waiting.get(job);
    if (queued) return queued;
    const next = tail.then(() => {
      waiting.delete(job);
      return guarded(job, run);
    });
    waiting.set(job, next);
    tail = next;
    return next;
  };
  return Object.assign(lane, { idle: () => tail });
}

async function guarded(job: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.error(`[${job}] failed`, error);
  }
}
