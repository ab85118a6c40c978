import type { NodeView } from "../protocol/views";
import type { ReplicaGroupStatus } from "../replication";
import { actionId } from "./action-id";
import { emptyLadderResult, seconds, type LadderResult } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import { isLive } from "./service-health";
import type { PlannerState } from "./state";
import type { RingInput } from "./types";

export const RING_ACTION_TIMEOUT_MS = 30_000;

export type RingLadderInput = {
  group: ReplicaGroupStatus;
  nodesById: ReadonlyMap<string, NodeView>;
  ring: RingInput | null;
  policy: RecoveryPolicy;
  now: number;
  /** Set when Vigil took this group off the ring. */
  removal: { removedAt: number; weight: number } | undefined;
};

/**
 * A ring group with no live member for `ringRemovalAfterMs` → remove-from-ring; once a member is
 * back (healthy for the confirmation window) → add-to-ring with its old weight, if the ring's
 * auto-join allows it; otherwise an operator re-adds it.
 */
export function ringLadder(input: RingLadderInput): LadderResult {
  const result = emptyLadderResult();
  const { group, ring, now } = input;
  if (!ring) return result;
  const onRing = ring.groups.find((entry) => entry.id === group.id);
  const live = group.members.some((member) => isLive(member.state));
  if (onRing && !live) {
    // A member in maintenance is being worked on: its group is not "gone".
    if (group.members.some((member) => member.state === "maintenance")) return result;
    const since = lastLiveAt(input);
    if (now - since < input.policy.ringRemovalAfterMs) return result;
    const step = `no live member since ${since}`;
    const id = actionId({ groupId: group.id, kind: "remove-from-ring", target: group.id, epoch: ring.epoch, step });
    const weight = onRing.weight;
    result.proposals.push({
      rateCost: 1,
      action: {
        id,
        planId: id,
        kind: "remove-from-ring",
        groupId: group.id,
        target: group.id,
        epoch: ring.epoch,
        step,
        args: { weight },
        reason: `Take ${group.id} off the ring (epoch ${ring.epoch}): none of its ${group.memberCount} member(s) has been live for ${seconds(now - since)} (limit ${seconds(input.policy.ringRemovalAfterMs)}), so its keys have nobody to serve them.`,
        timeoutMs: RING_ACTION_TIMEOUT_MS,
      },
      onIssued: (state: PlannerState, _running, at) => {
        state.ringRemovals[group.id] = { removedAt: at, weight };
      },
    });
    return result;
  }
  if (onRing || !input.removal) return result;
  const returned = group.members.find((member) => member.state === "healthy" && now - (input.nodesById.get(member.nodeId)?.stateSince ?? now) >= input.policy.failover.confirmWindowMs);
  if (!returned) return result;
  if (!ring.autoJoin) {
    result.blocks.push({
      id: `rejoin-needs-operator:${group.id}:${input.removal.removedAt}`,
      kind: "rejoin-needs-operator",
      groupId: group.id,
      nodeId: returned.nodeId,
      actionKind: "add-to-ring",
      actionId: null,
      reason: `${group.id} is back (${returned.nodeId} is healthy) after Vigil took it off the ring, but the ring's auto-join is off: an operator re-adds it.`,
      acknowledgeable: false,
      raises: "blocked",
      until: null,
    });
    return result;
  }
  const step = `return after removal at ${input.removal.removedAt}`;
  const id = actionId({ groupId: group.id, kind: "add-to-ring", target: group.id, epoch: ring.epoch, step });
  result.proposals.push({
    rateCost: 0,
    action: {
      id,
      planId: id,
      kind: "add-to-ring",
      groupId: group.id,
      target: group.id,
      epoch: ring.epoch,
      step,
      args: { weight: input.removal.weight },
      reason: `Put ${group.id} back on the ring with weight ${input.removal.weight}: ${returned.nodeId} is healthy again after Vigil removed the group.`,
      timeoutMs: RING_ACTION_TIMEOUT_MS,
    },
  });
  return result;
}

/** When the group last had a live member: the latest moment one of them left the live states. */
function lastLiveAt(input: RingLadderInput): number {
  const times = input.group.members.map((member) => input.nodesById.get(member.nodeId)?.stateSince ?? input.now);
  return times.length === 0 ? input.now : Math.max(...times);
}

/** Forget a removal once the group is on the ring again with a live member. */
export function ringRemovalSettled(group: ReplicaGroupStatus, ring: RingInput | null): boolean {
  if (!ring) return false;
  return ring.groups.some((entry) => entry.id === group.id) && group.members.some((member) => isLive(member.state));
}
