import type { ReplicaGroupStatus } from "../replication";
import { actionId } from "./action-id";
import { emptyLadderResult, seconds, type LadderResult } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import { RING_ACTION_TIMEOUT_MS } from "./ring-ladder";
import type { PlannerState } from "./state";
import type { RingInput } from "./types";

/** A group must stay in the hottest load group this long before (and between) reweights. */
export const HOT_SUSTAIN_MS = 600_000;

export type HotMemory = { since: number; lastReweightAt: number | null };

/** The group counts as hot when its recognised primary (or, without one, any member) is in the hottest load group. */
export function groupIsHot(group: ReplicaGroupStatus, hottest: ReadonlySet<string>): boolean {
  if (group.primaryId !== null) return hottest.has(group.primaryId);
  return group.members.some((member) => hottest.has(member.nodeId));
}

/** The next weight: `step` of the current one off, rounded to 0.001, never below `minWeight`. */
export function reducedWeight(weight: number, policy: RecoveryPolicy["hotReweight"]): number {
  return Math.max(policy.minWeight, Math.round(weight * (1 - policy.step) * 1000) / 1000);
}

export type ReweightLadderInput = {
  group: ReplicaGroupStatus;
  ring: RingInput | null;
  hottest: ReadonlySet<string> | null;
  policy: RecoveryPolicy;
  now: number;
  memory: HotMemory | undefined;
};

/** Optional: a group that stays in the hottest load group sheds keyspace by a bounded step. */
export function reweightLadder(input: ReweightLadderInput): LadderResult & { memory: HotMemory | undefined } {
  const result = emptyLadderResult();
  const { group, ring, hottest, now } = input;
  if (!hottest || !groupIsHot(group, hottest)) return { ...result, memory: undefined };
  const memory = input.memory ?? { since: now, lastReweightAt: null };
  const policy = input.policy.hotReweight;
  const onRing = ring?.groups.find((entry) => entry.id === group.id);
  if (!policy.enabled || !ring || !onRing || onRing.weight <= policy.minWeight) return { ...result, memory };
  const sinceLast = memory.lastReweightAt === null ? now - memory.since : now - memory.lastReweightAt;
  if (now - memory.since < HOT_SUSTAIN_MS || sinceLast < HOT_SUSTAIN_MS) return { ...result, memory };
  const weight = reducedWeight(onRing.weight, policy);
  const step = `hot since ${memory.since}, weight ${onRing.weight}`;
  const id = actionId({ groupId: group.id, kind: "reweight", target: group.id, epoch: ring.epoch, step });
  result.proposals.push({
    rateCost: 0,
    action: {
      id,
      planId: id,
      kind: "reweight",
      groupId: group.id,
      target: group.id,
      epoch: ring.epoch,
      step,
      args: { weight },
      reason: `Reweight ${group.id} from ${onRing.weight} to ${weight}: it has been in the hottest load group for ${seconds(now - memory.since)} (step ${policy.step * 100}%, floor ${policy.minWeight}).`,
      timeoutMs: RING_ACTION_TIMEOUT_MS,
    },
    onIssued: (state: PlannerState, _running, at) => {
      state.hot[group.id] = { since: memory.since, lastReweightAt: at };
    },
  });
  return { ...result, memory };
}
