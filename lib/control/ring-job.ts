import "server-only";
import type { LiveFleet } from "../fleet/live-fleet";
import type { AgentDirectory } from "../realtime/agent-namespace";
import type { Placement } from "../protocol/agent";
import type { Ring, RingEpoch } from "../ring";
import type { Db } from "../store/prisma";
import type { FleetInput } from "../cluster/fleet-bridge";
import type { LeaseHold } from "../store/lease";
import { buildRing, ownership, rangesOwnedBy } from "../ring";
import { forEachInSlices } from "../scheduling/slices";
import { applyRingChange, currentRingEpoch, loadRingSettings } from "../store/ring";

const RING_CHECK_MS = 2_000;
const PLACEMENT_ACK_TIMEOUT_MS = 5_000;

/** Groups as agents declare them; a node without a group is a group of one. */
function groupOf(node: { id: string; group: string | null }): string {
  return node.group ?? node.id;
}

/**
 * Keeps the ring and the agents in step: applies the membership policy (a replica group joins when
 * its first member is healthy, if auto-join is on), notices new epochs (also those an operator
 * applied through the API) and pushes each agent its group's placement, recording acknowledgements.
 */
export function startRingJob(deps: {
  db: Db;
  fleet: LiveFleet;
  /** Acknowledgements go through here, so every instance (the leader above all) sees them. */
  input: Pick<FleetInput, "placementAcknowledged">;
  agents: AgentDirectory;
  /** Auto-join changes the ring: only the leader does it, fenced. Every instance pushes placements to its own agents. */
  lease: () => LeaseHold | null;
  /** A new epoch was noticed here (browsers refetch the ring). */
  onEpoch?: (epoch: number) => void;
}): { stop: () => void } {
  const { db, fleet, agents } = deps;
  let known: { epoch: RingEpoch; ring: Ring; shares: Map<string, number>; placements: Map<string, Placement> } | null = null;
  let running = false;

  /** One computation per group and epoch: a whole fleet reconnecting asks for the same few placements. */
  const placementFor = (group: string): Placement | null => {
    if (!known) return null;
    const cached = known.placements.get(group);
    if (cached) return cached;
    const share = known.shares.get(group);
    if (share === undefined) return null;
    const ranges = rangesOwnedBy(known.ring, group).map((r) => [r.start, r.end] as [number, number]);
    const placement = { epoch: known.epoch.epoch, group, ownership: share, ranges };
    known.placements.set(group, placement);
    return placement;
  };

  const push = (nodeId: string) => {
    const node = fleet.get(nodeId);
    if (!node) return;
    const placement = placementFor(groupOf(node));
    if (!placement) return;
    agents.send(nodeId, "placement", placement, PLACEMENT_ACK_TIMEOUT_MS, (epoch) => deps.input.placementAcknowledged(nodeId, epoch));
  };
  agents.onReady(push);

  const check = async () => {
    if (running) return;
    running = true;
    try {
      const settings = await loadRingSettings(db);
      let current = await currentRingEpoch(db);
      const lease = deps.lease();
      if (settings.autoJoin && lease) {
        const inRing = new Set(current?.membership.groups.map((g) => g.id) ?? []);
        const joining = new Map<string, number>();
        for (const node of fleet.views()) {
          const group = groupOf(node);
          if (inRing.has(group) || node.state !== "healthy") continue;
          joining.set(group, Math.max(joining.get(group) ?? 0, node.weight));
        }
        if (joining.size) {
          const add = [...joining].sort(([a], [b]) => a.localeCompare(b)).map(([id, weight]) => ({ id, weight: Math.min(100, weight) }));
          await applyRingChange(db, { add }, "vigil", `auto-join: first healthy member of ${add.map((g) => g.id).join(", ")}`, Date.now(), lease).catch((error) =>
            console.warn("[ring] auto-join deferred:", error instanceof Error ? error.message : error),
          );
          current = await currentRingEpoch(db);
        }
      }
      if (current && current.epoch !== known?.epoch.epoch) {
        const ring = buildRing(current.membership);
        known = { epoch: current, ring, shares: new Map(ownership(ring).map((g) => [g.id, g.share])), placements: new Map() };
        await forEachInSlices(agents.connectedNodeIds(), push);
        deps.onEpoch?.(current.epoch);
      }
    } catch (error) {
      console.error("[ring] check failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), RING_CHECK_MS);
  void check();
  return { stop: () => clearInterval(timer) };
}
