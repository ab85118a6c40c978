import "server-only";
import type { NodeState } from "../protocol/common";
import type { FleetOverview } from "../protocol/views";
import type { Db } from "./prisma";
import { NODE_STATES } from "../protocol/common";
import { recentNodeEvents } from "./events";
import { fleetLoad } from "./metrics";
import { liveView } from "../fleet/live-view";

const sortedZones = (zones: Map<string, Record<NodeState, number>>) =>
  [...zones.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([zone, counts]) => ({ zone, counts }));


function emptyCounts(): Record<NodeState, number> {
  return Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;
}

/**
 * The overview page's first paint; live deltas keep it current afterwards. Where the runtime
 * runs, counts, rates and the load chart come from memory: counting the last ten seconds of
 * heartbeats and averaging the last hour over 10,000 nodes' rows blocked the event loop for
 * seconds per request.
 */
export async function fleetOverview(db: Db, now: number): Promise<FleetOverview> {
  const live = liveView();
  if (live) {
    const zones = new Map<string, Record<NodeState, number>>();
    for (const node of live.fleet.views()) {
      const zone = node.zone ?? "(none)";
      const zoneCounts = zones.get(zone) ?? emptyCounts();
      zoneCounts[node.state]++;
      zones.set(zone, zoneCounts);
    }
    return {
      stats: live.fleet.stats(now, live.rates()),
      zones: sortedZones(zones),
      recentEvents: await recentNodeEvents(db, 30),
      load: live.fleet.loadHistory.points(now),
    };
  }
  return storedOverview(db, now);
}

async function storedOverview(db: Db, now: number): Promise<FleetOverview> {
  const [byZone, connected, recentEvents, load, rates] = await Promise.all([
    db.node.groupBy({ by: ["zone", "state"], _count: { _all: true } }),
    db.node.count({ where: { connected: true } }),
    recentNodeEvents(db, 30),
    fleetLoad(db, now),
    db.$queryRawUnsafe<{ heartbeats: bigint; logs: bigint }[]>(
      `SELECT (SELECT COUNT(*) FROM "Heartbeat" WHERE "ts" >= ${now - 10_000}) AS heartbeats,
              (SELECT COUNT(*) FROM "LogEntry" WHERE "ts" >= ${now - 10_000}) AS logs`,
    ),
  ]);
  const counts = emptyCounts();
  const zones = new Map<string, Record<NodeState, number>>();
  for (const row of byZone) {
    const state = (NODE_STATES as readonly string[]).includes(row.state) ? (row.state as NodeState) : "unknown";
    const zone = row.zone ?? "(none)";
    const zoneCounts = zones.get(zone) ?? emptyCounts();
    zoneCounts[state] += row._count._all;
    counts[state] += row._count._all;
    zones.set(zone, zoneCounts);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    stats: {
      at: now,
      counts,
      total,
      connectedAgents: connected,
      heartbeatsPerSec: Number(rates[0]?.heartbeats ?? 0) / 10,
      logsPerSec: Number(rates[0]?.logs ?? 0) / 10,
    },
    zones: sortedZones(zones),
    recentEvents,
    load,
  };
}
