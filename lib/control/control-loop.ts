import type { Config } from "../config";
import type { LiveFleet } from "../fleet/live-fleet";
import type { VigilMetrics } from "../observability/prometheus";
import type { UiFeed } from "../realtime/ui-namespace";
import type { TimeSeriesWriter } from "../store/timeseries-writer";
import { inGrace, newSelfCheck, tick } from "../detect/self-check";
import { retentionCutoffs } from "../timeseries/resolution";

const DETECT_TICK_MS = 100;
const SNAPSHOT_MS = 1_000;
/** Metric-only snapshots every few ticks: at 10,000 nodes a write per node per second costs more than the heartbeats. */
const METRICS_SNAPSHOT_EVERY = 5;
const ROLLUP_MS = 60_000;
const RETENTION_MS = 10 * 60_000;
/** Each rollup run recomputes this much history too, so late (replayed) samples are counted. */
const ROLLUP_LOOKBACK_MS = 10 * 60_000;

export type ControlLoopDeps = {
  config: Config;
  fleet: LiveFleet;
  writer: TimeSeriesWriter;
  metrics: VigilMetrics;
  ui: UiFeed;
  rates: () => { heartbeatsPerSec: number; logsPerSec: number };
  /** Some node changed state: recovery re-plans at once rather than on its next tick. */
  onStateChanges?: () => void;
};

/**
 * Background work that must run once per fleet: detection verdicts, node snapshots, rollups and
 * retention. With one instance it always leads; several instances come with a lease later.
 */
export function startControlLoop(deps: ControlLoopDeps): {
  stop: () => Promise<void>;
  /** Until when this process distrusts its own view (startup, event-loop stall, clock jump). */
  distrust: () => { frozenUntil: number | null; reason: string | null };
} {
  const { config, fleet, writer, metrics, ui } = deps;
  const selfCheck = newSelfCheck(Date.now(), performance.now(), config.detection.startupGraceMs);
  const selfCheckConfig = { expectedTickMs: DETECT_TICK_MS, stallThresholdMs: 1000, clockJumpThresholdMs: 2000, graceMs: 3000 };
  let worstTickLagMs = 0;

  const detect = setInterval(() => {
    const now = Date.now();
    const mono = performance.now();
    worstTickLagMs = Math.max(worstTickLagMs, mono - selfCheck.lastMono - DETECT_TICK_MS);
    const stall = tick(selfCheck, now, mono, selfCheckConfig);
    if (stall) console.warn(`[detect] ${stall}: verdicts in grace period`);
    const changes = fleet.judgeAll(now, inGrace(selfCheck, now));
    if (changes.length === 0) return;
    for (const change of changes) metrics.stateChanges.inc({ to: change.to });
    guarded("detect", () => {
      const events = changes.map((c) => ({ nodeId: c.nodeId, at: c.at, from: c.from, to: c.to, reason: c.reason, phi: c.phi }));
      // State changes reach the database (and so the API) at once, not with the next snapshot.
      writer.writeBatch([], [], fleet.takeSnapshotDirty(false));
      ui.events(writer.insertNodeEvents(events));
    });
    deps.onStateChanges?.();
  }, DETECT_TICK_MS);

  let snapshots = 0;
  const snapshot = (everything = false) => {
    const rows = fleet.takeSnapshotDirty(everything || ++snapshots % METRICS_SNAPSHOT_EVERY === 0);
    if (rows.length) writer.writeBatch([], [], rows);
    const stats = fleet.stats(Date.now(), deps.rates());
    metrics.observeFleet(stats);
    // The detector's own tick lateness: a stalled loop shows up here even when no timer fired during it.
    metrics.eventLoopDelay.set(Math.max(0, worstTickLagMs) / 1000);
    worstTickLagMs = 0;
  };
  const snapshotTimer = setInterval(() => guarded("snapshot", () => snapshot()), SNAPSHOT_MS);

  let rolledUpTo = Date.now() - ROLLUP_LOOKBACK_MS;
  const rollup = () => {
    const now = Date.now();
    writer.rollup(Math.min(rolledUpTo, now - ROLLUP_LOOKBACK_MS), now);
    rolledUpTo = now;
  };
  const rollupTimer = setInterval(() => guarded("rollup", rollup), ROLLUP_MS);

  const retention = () => {
    const deleted = writer.enforceRetention(retentionCutoffs(Date.now(), config.retention));
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0) console.log(`[retention] deleted ${JSON.stringify(deleted)}`);
  };
  const retentionTimer = setInterval(() => guarded("retention", retention), RETENTION_MS);
  setTimeout(() => guarded("retention", retention), 5_000).unref();

  return {
    distrust: () => (inGrace(selfCheck, Date.now()) ? { frozenUntil: selfCheck.graceUntil, reason: selfCheck.lastReason } : { frozenUntil: null, reason: null }),
    async stop() {
      clearInterval(detect);
      clearInterval(snapshotTimer);
      clearInterval(rollupTimer);
      clearInterval(retentionTimer);
      guarded("snapshot", () => snapshot(true));
    },
  };
}

function guarded(job: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error(`[${job}] failed`, error);
  }
}
