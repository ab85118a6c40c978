import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Config } from "../config";
import type { LiveFleet } from "../fleet/live-fleet";
import type { VigilMetrics } from "../observability/prometheus";
import type { UiFeed } from "../realtime/ui-namespace";
import type { Db } from "../store/prisma";
import type { TimeSeriesWriter } from "../store/timeseries-writer";
import { inGrace, newSelfCheck, tick } from "../detect/self-check";
import { insertNodeEvents } from "../store/events";
import { retentionCutoffs } from "../timeseries/resolution";

const DETECT_TICK_MS = 100;
const SNAPSHOT_MS = 1_000;
const ROLLUP_MS = 60_000;
const RETENTION_MS = 10 * 60_000;
/** Each rollup run recomputes this much history too, so late (replayed) samples are counted. */
const ROLLUP_LOOKBACK_MS = 10 * 60_000;

export type ControlLoopDeps = {
  config: Config;
  db: Db;
  fleet: LiveFleet;
  writer: TimeSeriesWriter;
  metrics: VigilMetrics;
  ui: UiFeed;
  rates: () => { heartbeatsPerSec: number; logsPerSec: number };
};

/**
 * Background work that must run once per fleet: detection verdicts, node snapshots, rollups and
 * retention. With one instance it always leads; several instances come with a lease later.
 */
export function startControlLoop(deps: ControlLoopDeps): { stop: () => Promise<void> } {
  const { config, db, fleet, writer, metrics, ui } = deps;
  const selfCheck = newSelfCheck(Date.now(), performance.now(), config.detection.startupGraceMs);
  const selfCheckConfig = { expectedTickMs: DETECT_TICK_MS, stallThresholdMs: 1000, clockJumpThresholdMs: 2000, graceMs: 3000 };
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let eventWrites: Promise<unknown> = Promise.resolve();

  const detect = setInterval(() => {
    const now = Date.now();
    const stall = tick(selfCheck, now, performance.now(), selfCheckConfig);
    if (stall) console.warn(`[detect] ${stall}: verdicts in grace period`);
    const changes = fleet.judgeAll(now, inGrace(selfCheck, now));
    if (changes.length === 0) return;
    const events = changes.map((c) => ({ nodeId: c.nodeId, at: c.at, from: c.from, to: c.to, reason: c.reason, phi: c.phi }));
    for (const change of changes) metrics.stateChanges.inc({ to: change.to });
    eventWrites = eventWrites
      .then(async () => ui.events(await insertNodeEvents(db, events)))
      .catch((error) => console.error("[detect] storing events failed", error));
  }, DETECT_TICK_MS);

  const snapshot = () => {
    const rows = fleet.takeSnapshotDirty();
    if (rows.length) writer.writeBatch([], [], rows);
    const stats = fleet.stats(Date.now(), deps.rates());
    metrics.observeFleet(stats);
    metrics.eventLoopDelay.set(loopDelay.percentile(99) / 1e9);
    loopDelay.reset();
  };
  const snapshotTimer = setInterval(() => guarded("snapshot", snapshot), SNAPSHOT_MS);

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
    async stop() {
      clearInterval(detect);
      clearInterval(snapshotTimer);
      clearInterval(rollupTimer);
      clearInterval(retentionTimer);
      loopDelay.disable();
      guarded("snapshot", snapshot);
      await eventWrites;
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
