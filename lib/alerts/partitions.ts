import type { NodeView } from "../protocol/views";
import { BLAST_RADIUS_MIN_DOWN, BLAST_RADIUS_SHARE, looksDown } from "../recovery/guards";
import type { PartitionInput } from "./builtin-conditions";

type Tally = { down: string[]; total: number; since: number };

function share(tally: Tally): number {
  return tally.total === 0 ? 0 : tally.down.length / tally.total;
}

function breaches(tally: Tally): boolean {
  return tally.down.length >= BLAST_RADIUS_MIN_DOWN && share(tally) >= BLAST_RADIUS_SHARE;
}

function toInput(zone: string | null, tally: Tally): PartitionInput {
  return { zone, downShare: share(tally), since: tally.since, members: [...tally.down].sort(), total: tally.total };
}

/**
 * The zones Vigil looks cut off from, by the recovery planner's blast-radius measure (so the
 * `VigilPartitioned` alert and the blast-radius freeze tell the same story): at least 55% and at
 * least 3 of a zone's nodes look down at once (down, or suspect with the agent disconnected);
 * maintenance nodes are not counted. Unlike the freeze, which lingers a minute after the outage
 * clears, a partition ends when the condition does, so nodes still down then page on their own.
 *
 * `zone: null` is the monitor itself looking partitioned: the same share of a fleet spanning
 * several zones. In a one-zone fleet that zone's partition already says it. Nodes without a zone
 * only count towards the fleet. `since` is when the earliest member went down.
 *
 * Only nodes heard from since `seenSince` count (the caller's start): after a restart every known
 * node looks disconnected until its agent is back, which is a start, not a partition.
 */
export function detectPartitions(nodes: readonly NodeView[], seenSince = Number.NEGATIVE_INFINITY): PartitionInput[] {
  const fleet: Tally = { down: [], total: 0, since: Infinity };
  const byZone = new Map<string | null, Tally>();
  for (const node of nodes) {
    if (node.state === "maintenance" || node.lastHeartbeatAt === null || node.lastHeartbeatAt < seenSince) continue;
    let zone = byZone.get(node.zone);
    if (!zone) byZone.set(node.zone, (zone = { down: [], total: 0, since: Infinity }));
    for (const tally of [fleet, zone]) {
      tally.total++;
      if (!looksDown(node)) continue;
      tally.down.push(node.id);
      tally.since = Math.min(tally.since, node.stateSince);
    }
  }
  const out: PartitionInput[] = [];
  if (byZone.size > 1 && breaches(fleet)) out.push(toInput(null, fleet));
  const zones = [...byZone.entries()].filter((entry): entry is [string, Tally] => entry[0] !== null).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [zone, tally] of zones) if (breaches(tally)) out.push(toInput(zone, tally));
  return out;
}
