import "server-only";
import type { LiveFleet } from "../fleet/live-fleet";
import type { PreviousGrouping } from "../grouping/grouping-state";
import type { UiFeed } from "../realtime/ui-namespace";
import type { Db } from "../store/prisma";
import type { TimeSeriesStore } from "../store/timeseries-store";
import type { runGrouping } from "../grouping/run-grouping";
import { WorkerCalls } from "../threads/worker-calls";
import { groupingRows, latestGroupingState, loadGroupingSettings, storedGroups } from "../store/grouping";

/** A fixed seed: the same fleet load gives the same groups on every instance and every restart. */
const GROUPING_SEED = 20261126;

export type GroupingJob = { stop: () => void; runOnce: () => Promise<number | null> };

/**
 * Every `intervalSeconds` (re-read each time, so an operator's change applies at the next run):
 * k-means over each node's mean load, stored with stable group ids, changes as events, and a
 * nudge to browsers to refresh their groups view.
 */
export function startGroupingJob(deps: { db: Db; fleet: LiveFleet; writer: TimeSeriesStore; ui: UiFeed }): GroupingJob {
  const { db, fleet, writer, ui } = deps;
  let previous: PreviousGrouping | null | undefined;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const thread = new WorkerCalls<{ runGrouping: typeof runGrouping }>(new URL("./grouping-worker.ts", import.meta.url), {}, "grouping");

  async function runOnce(): Promise<number | null> {
    const settings = await loadGroupingSettings(db);
    previous ??= await latestGroupingState(db);
    const now = Date.now();
    const loads = fleet.recentLoad(now, settings.windowSeconds * 1000);
    const result = await thread.call("runGrouping", { nodes: loads, settings, previous, seed: GROUPING_SEED, now });
    if (result.assignments.length === 0) return null;
    const features = new Map(loads.map((load) => [load.nodeId, load.means]));
    const rows = groupingRows(result, features, now);
    const runId = await writer.saveGrouping(
      {
        at: now,
        k: result.k,
        silhouette: result.silhouette,
        inertia: result.inertia,
        nodes: result.assignments.length,
        settings: JSON.stringify(settings),
        groups: storedGroups(result),
        state: JSON.stringify(result.state),
      },
      rows.nodes,
      rows.events,
    );
    previous = result.state;
    ui.groups({ runId, at: now, k: result.k, silhouette: result.silhouette, changes: rows.events.length });
    return runId;
  }

  async function loop(): Promise<void> {
    let intervalMs = 10_000;
    try {
      intervalMs = (await loadGroupingSettings(db)).intervalSeconds * 1000;
      await runOnce();
    } catch (error) {
      console.error("[grouping] run failed", error);
    }
    if (!stopped) timer = setTimeout(() => void loop(), intervalMs);
  }
  // The first run waits one interval, so the load windows hold enough samples.
  void loadGroupingSettings(db)
    .then((settings) => {
      if (!stopped) timer = setTimeout(() => void loop(), settings.intervalSeconds * 1000);
    })
    .catch((error) => console.error("[grouping] cannot read settings", error));

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      void thread.close();
    },
    runOnce,
  };
}
