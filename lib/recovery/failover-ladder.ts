import type { NodeView } from "../protocol/views";
import { addressClaimants, type ReplicaGroupMember, type ReplicaGroupStatus } from "../replication";
import { actionId, failoverPlanId } from "./action-id";
import { rankCandidates } from "./failover-candidates";
import { emptyLadderResult, seconds, type LadderResult, type Proposal } from "./ladder";
import type { RecoveryPolicy } from "./policy";
import { isLive } from "./service-health";
import type { FailoverMemory, PlannerState } from "./state";
import type { FailoverCandidate, KnownAction } from "./types";

export type FailoverLadderInput = {
  group: ReplicaGroupStatus;
  nodesById: ReadonlyMap<string, NodeView>;
  policy: RecoveryPolicy;
  now: number;
  memory: FailoverMemory | undefined;
  linkSeenAt: Readonly<Record<string, number>>;
  knownActions: ReadonlyMap<string, KnownAction>;
  acknowledgements: ReadonlySet<string>;
  maintenanceNodeIds: ReadonlySet<string>;
};

export type FailoverLadderResult = LadderResult & {
  /** The group's failover memory for the new state (issued promotes are added by their `onIssued`). */
  memory: FailoverMemory | undefined;
  /** The ranking when one was made this round (for the UI). */
  candidates: FailoverCandidate[] | null;
};

const FAILED_ACTION_STATES: ReadonlySet<string> = new Set(["failed", "timed_out", "cancelled", "blocked"]);

export function antiFlapBlockId(groupId: string, memory: Pick<FailoverMemory, "newEpoch">): string {
  return `anti-flap:${groupId}:e${memory.newEpoch}`;
}

export function failoverEscalatedBlockId(groupId: string, memory: Pick<FailoverMemory, "fromEpoch">): string {
  return `failover-escalated:${groupId}:e${memory.fromEpoch}`;
}

/** The fencing epoch a promotion in `group` carries: the next one, for the planner's failovers and an operator's promote alike. */
export function promotionEpoch(group: Pick<ReplicaGroupStatus, "epoch">): number {
  return group.epoch + 1;
}

/** A completed failover blocks another one for `antiFlapMs`, unless a human acknowledged it. */
export function antiFlapActive(memory: FailoverMemory | undefined, policy: RecoveryPolicy, now: number): boolean {
  if (!memory || memory.phase !== "completed" || memory.completedAt === null) return false;
  return !memory.antiFlapAcknowledged && now < memory.completedAt + policy.failover.antiFlapMs;
}

/**
 * Primary down → confirm → rank → promote (epoch + 1) → verify → follow; a failed verification
 * tries the next candidate, none left escalates; a returning old primary is told to follow.
 */
export function failoverLadder(input: FailoverLadderInput): FailoverLadderResult {
  const result: FailoverLadderResult = { ...emptyLadderResult(), memory: input.memory ? structuredClone(input.memory) : undefined, candidates: null };
  if (input.group.implicit || input.group.memberCount < 2) return result;
  let memory = result.memory;
  if (memory?.phase === "escalated") {
    if (!primaryServing(input) && !input.acknowledgements.has(failoverEscalatedBlockId(input.group.id, memory))) {
      pushEscalatedBlock(input, memory, result);
      return result;
    }
    memory = undefined;
  }
  if (memory?.phase === "promoting") {
    continuePromotion(input, memory, result);
    return result;
  }
  if (memory?.phase === "completed") {
    if (input.acknowledgements.has(antiFlapBlockId(input.group.id, memory))) memory.antiFlapAcknowledged = true;
    followNewPrimary(input, memory, result);
  }
  const switched = switchoverAtCurrentEpoch(input);
  if (switched && (!memory || memory.newEpoch < switched.newEpoch)) followNewPrimary(input, switched, result);
  result.memory = memory;
  const confirmed = confirmPrimaryFailure(input, result);
  const holding = antiFlapActive(memory, input.policy, input.now);
  if (memory && holding) pushAntiFlapBlock(input, memory, result, confirmed !== null);
  if (!confirmed) return result;
  const candidates = rankFor(input, confirmed.primaryId, confirmed.downSince, new Set());
  result.candidates = candidates;
  if (holding) return result;
  const best = candidates.find((candidate) => candidate.eligible);
  if (!best) {
    result.blocks.push({
      id: `no-candidate:${input.group.id}:e${input.group.epoch}`,
      kind: "no-candidate",
      groupId: input.group.id,
      nodeId: confirmed.primaryId,
      actionKind: "promote",
      actionId: null,
      reason: `Primary ${confirmed.primaryId} of ${input.group.id} is down (${confirmed.how}) but no replica is eligible for promotion; a human must decide. ${summariseExclusions(candidates)}`,
      acknowledgeable: false,
      raises: "escalated",
      until: null,
      candidates,
    });
    return result;
  }
  const plan = { planId: failoverPlanId(input.group.id, input.group.epoch), oldPrimaryId: confirmed.primaryId, primaryDownSince: confirmed.downSince, fromEpoch: input.group.epoch, newEpoch: promotionEpoch(input.group) };
  if (!followUpsPossible(input, confirmed.primaryId, confirmed.downSince, best.nodeId, result, candidates)) return result;
  const why = `primary ${confirmed.primaryId} is down since ${seconds(input.now - confirmed.downSince)} ago, ${confirmed.how}`;
  result.proposals.push(promoteProposal(input, plan, best.nodeId, 1, why, candidates));
  return result;
}

type FailoverPlan = Pick<FailoverMemory, "planId" | "oldPrimaryId" | "primaryDownSince" | "fromEpoch" | "newEpoch">;
type Confirmation = { primaryId: string; downSince: number; how: string };

/**
 * The recognised primary is down AND either every healthy replica reports its link lost, or the
 * confirmation window has passed with no replica still linked. A replica that still sees the
 * link means the data plane is fine and only the agent is cut off: never a failover.
 */
function confirmPrimaryFailure(input: FailoverLadderInput, result: LadderResult): Confirmation | null {
  const { group, now } = input;
  const primary = group.members.find((member) => member.isRecognisedPrimary);
  if (!primary || primary.state !== "down") return null;
  const downSince = input.nodesById.get(primary.nodeId)?.stateSince ?? now;
  const replicas = group.members.filter((member) => member.nodeId !== primary.nodeId && member.state === "healthy" && member.role === "replica");
  const stillLinked = replicas.filter((member) => member.linkUp === true && (member.following === null || member.following === primary.nodeId));
  if (stillLinked.length > 0) {
    const ids = stillLinked.map((member) => member.nodeId).join(", ");
    result.blocks.push({
      id: `primary-still-linked:${group.id}:${primary.nodeId}:${downSince}`,
      kind: "primary-still-linked",
      groupId: group.id,
      nodeId: primary.nodeId,
      actionKind: "promote",
      actionId: null,
      reason: `No failover of ${group.id}: Vigil lost ${primary.nodeId}'s agent (down for ${seconds(now - downSince)}), but ${ids} still report a live replication link to it, so the primary itself is most likely serving. Promoting a replica now would make two primaries. Check the agent or the network path between Vigil and ${primary.nodeId}.`,
      acknowledgeable: false,
      raises: "blocked",
      until: null,
    });
    return null;
  }
  const reporting = replicas.filter((member) => member.linkUp !== null);
  if (reporting.length > 0 && reporting.length === replicas.length) {
    return { primaryId: primary.nodeId, downSince, how: `confirmed by its replicas (${replicas.map((m) => m.nodeId).join(", ")} lost their link to it)` };
  }
  const windowEnd = downSince + input.policy.failover.confirmWindowMs;
  if (now >= windowEnd) {
    return { primaryId: primary.nodeId, downSince, how: `confirmed by the ${seconds(input.policy.failover.confirmWindowMs)} confirmation window (no replica reports a link to it)` };
  }
  result.blocks.push({
    id: `confirming:${group.id}:${primary.nodeId}:${downSince}`,
    kind: "confirming",
    groupId: group.id,
    nodeId: primary.nodeId,
    actionKind: "promote",
    actionId: null,
    reason: `Primary ${primary.nodeId} of ${group.id} looks down; waiting up to ${seconds(windowEnd - now)} more for confirmation before a failover.`,
    acknowledgeable: false,
    raises: null,
    until: windowEnd,
  });
  return null;
}

function continuePromotion(input: FailoverLadderInput, memory: FailoverMemory, result: FailoverLadderResult): void {
  const { now } = input;
  result.memory = memory;
  const attempt = memory.attempts.find((entry) => entry.outcome === "pending");
  if (attempt) {
    const known = input.knownActions.get(attempt.actionId);
    if (attempt.startedAt === null) {
      if (known && known.state !== "planned" && !known.dryRun) attempt.startedAt = now;
      else if (primaryServing(input) && input.group.primaryId === memory.oldPrimaryId) {
        // The old primary came back before the promote ran: nothing to do, the pending promote is cancelled.
        result.memory = undefined;
        return;
      } else if (!followUpsPossible(input, memory.oldPrimaryId, memory.primaryDownSince, attempt.nodeId, result, null)) {
        // Still awaiting approval, and it could no longer be finished: it is withdrawn (cancelled
        // as no longer proposed) and the failover starts over, where the precondition block says why.
        result.memory = undefined;
        return;
      } else {
        result.proposals.push(promoteProposal(input, memory, attempt.nodeId, memory.attempts.indexOf(attempt) + 1, "re-planned: awaiting execution", null));
        return;
      }
    }
    const member = memberOf(input.group, attempt.nodeId);
    if (member && member.reportedRole === "primary" && isLive(member.state)) {
      completeFailover(input, memory, attempt.nodeId, result);
      return;
    }
    const failedOutcome = known !== undefined && FAILED_ACTION_STATES.has(known.state);
    const timedOut = now - (attempt.startedAt ?? now) >= input.policy.failover.verifyTimeoutMs;
    if (!failedOutcome && !timedOut) return;
    attempt.outcome = "failed";
    result.events.push({
      id: `promote-failed:${attempt.actionId}`,
      kind: "failed",
      at: now,
      groupId: input.group.id,
      nodeId: attempt.nodeId,
      summary: failedOutcome
        ? `Promotion of ${attempt.nodeId} in ${input.group.id} ${known?.state.replace("_", " ")}; trying the next candidate.`
        : `${attempt.nodeId} did not report role primary within ${seconds(input.policy.failover.verifyTimeoutMs)} of its promotion in ${input.group.id}; trying the next candidate.`,
    });
  }
  const tried = new Set(memory.attempts.map((entry) => entry.nodeId));
  const candidates = rankFor(input, memory.oldPrimaryId, memory.primaryDownSince, tried);
  result.candidates = candidates;
  const next = candidates.find((candidate) => candidate.eligible);
  if (next) {
    // Nothing was promoted yet (every earlier attempt failed): the next one must be finishable too.
    if (!followUpsPossible(input, memory.oldPrimaryId, memory.primaryDownSince, next.nodeId, result, candidates)) return;
    const why = `${memory.attempts.length} earlier promotion(s) in this failover were not verified`;
    result.proposals.push(promoteProposal(input, memory, next.nodeId, memory.attempts.length + 1, why, candidates));
    return;
  }
  memory.phase = "escalated";
  pushEscalatedBlock(input, memory, result);
}

function completeFailover(input: FailoverLadderInput, memory: FailoverMemory, promotedId: string, result: FailoverLadderResult): void {
  for (const attempt of memory.attempts) if (attempt.nodeId === promotedId) attempt.outcome = "verified";
  memory.phase = "completed";
  memory.promotedId = promotedId;
  memory.completedAt = input.now;
  result.events.push({
    id: `failover-completed:${memory.planId}`,
    kind: "failover_completed",
    at: input.now,
    groupId: input.group.id,
    nodeId: promotedId,
    summary: `Failover of ${input.group.id} completed: ${promotedId} is primary at epoch ${memory.newEpoch} (was ${memory.oldPrimaryId}). Further failovers of the group are blocked for ${seconds(input.policy.failover.antiFlapMs)} unless acknowledged.`,
  });
  followNewPrimary(input, memory, result);
  pushAntiFlapBlock(input, memory, result, false);
}

/**
 * After a completed failover, every live member not following the new primary is told to
 * follow it, fenced by the new epoch; a returning old primary still reporting role primary gets
 * it before it can act as primary. Nothing is sent while the new primary is not serving.
 */
function followNewPrimary(input: FailoverLadderInput, memory: FailoverMemory, result: LadderResult): void {
  const promotedId = memory.promotedId;
  if (promotedId === null) return;
  // A later change of primary (a planned switchover) moved the group past this failover's epoch: its follows are history.
  if (input.group.epoch > memory.newEpoch) return;
  const promoted = memberOf(input.group, promotedId);
  if (!promoted || !isLive(promoted.state) || promoted.reportedRole !== "primary") return;
  for (const member of input.group.members) {
    if (member.nodeId === promotedId) continue;
    if (!member.connected || !isLive(member.state)) continue;
    const actsAsPrimary = member.reportedRole === "primary";
    if (!actsAsPrimary && member.following === promotedId) continue;
    const retry = memory.followed.includes(member.nodeId) ? followRetry(input, memory, member.nodeId) : 0;
    if (retry === null) continue;
    const step = `${actsAsPrimary ? "fence" : "repoint"}${retry > 0 ? ` retry ${retry}` : ""}`;
    const reason = actsAsPrimary
      ? `${member.nodeId} reports role primary but ${promotedId} is primary of ${input.group.id} since the failover at epoch ${memory.newEpoch}: it is told to follow ${promotedId} (fenced by epoch ${memory.newEpoch}) before it can act as primary.`
      : `${member.nodeId} must follow the new primary ${promotedId} of ${input.group.id} (epoch ${memory.newEpoch}); it follows ${member.following ?? "nothing"}.`;
    const id = actionId({ groupId: input.group.id, kind: "follow", target: member.nodeId, epoch: memory.newEpoch, step });
    const nodeId = member.nodeId;
    result.proposals.push({
      rateCost: 0,
      action: { id, planId: memory.planId, kind: "follow", groupId: input.group.id, target: nodeId, epoch: memory.newEpoch, step, args: { target: promotedId }, reason, timeoutMs: input.policy.failover.verifyTimeoutMs },
      onIssued: (state) => {
        const stored = state.failovers[input.group.id];
        if (stored && stored.planId === memory.planId && !stored.followed.includes(nodeId)) stored.followed.push(nodeId);
      },
    });
  }
}

/**
 * The planned switchover that made the group's current primary, shaped as a completed failover:
 * its follow-ups are kept the same way, so a member that was away during it (a replica still
 * following the old primary, or a former primary coming back as one) is re-pointed or fenced
 * when it returns. The switchover's own follows have other ids; members already following the
 * new primary get nothing.
 */
function switchoverAtCurrentEpoch(input: FailoverLadderInput): FailoverMemory | undefined {
  let latest: KnownAction | undefined;
  for (const action of input.knownActions.values()) {
    if (action.kind !== "switchover" || action.groupId !== input.group.id || action.state !== "succeeded" || action.epoch !== input.group.epoch) continue;
    if (!latest || action.createdAt > latest.createdAt) latest = action;
  }
  if (!latest) return undefined;
  const at = latest.finishedAt ?? latest.createdAt;
  return {
    planId: latest.planId ?? latest.id,
    phase: "completed",
    oldPrimaryId: latest.target,
    primaryDownSince: at,
    fromEpoch: latest.epoch - 1,
    newEpoch: latest.epoch,
    startedAt: latest.createdAt,
    attempts: [],
    promotedId: latest.target,
    completedAt: at,
    followed: [],
    antiFlapAcknowledged: true,
  };
}

/** A follow that failed is sent again (a new step, so a new id) this often, this many times. */
const FOLLOW_RETRY_MS = 5_000;
const MAX_FOLLOW_RETRIES = 5;

/**
 * The retry number of the next follow for a member already told to follow, or null while its
 * latest follow is under way, succeeded, was cancelled, or the retries are used up. A follow can
 * fail for a reason that passes (the new primary's address not yet known, an agent reconnecting):
 * a replica left pointing at the dead primary would re-sync from it when it returns.
 */
function followRetry(input: FailoverLadderInput, memory: FailoverMemory, nodeId: string): number | null {
  let latest: { retry: number; action: KnownAction } | null = null;
  for (let retry = 0; retry <= MAX_FOLLOW_RETRIES; retry++) {
    for (const base of ["fence", "repoint"]) {
      const step = `${base}${retry > 0 ? ` retry ${retry}` : ""}`;
      const known = input.knownActions.get(actionId({ groupId: input.group.id, kind: "follow", target: nodeId, epoch: memory.newEpoch, step }));
      if (known && (latest === null || known.createdAt >= latest.action.createdAt)) latest = { retry, action: known };
    }
  }
  if (latest === null) return null;
  const { retry, action } = latest;
  if (action.state !== "failed" && action.state !== "timed_out") return null;
  if (retry >= MAX_FOLLOW_RETRIES) return null;
  if (input.now < (action.finishedAt ?? action.createdAt) + FOLLOW_RETRY_MS) return null;
  return retry + 1;
}

function promoteProposal(input: FailoverLadderInput, plan: FailoverPlan, nodeId: string, attemptNumber: number, why: string, candidates: FailoverCandidate[] | null): Proposal {
  const groupId = input.group.id;
  const step = `attempt ${attemptNumber}`;
  const id = actionId({ groupId, kind: "promote", target: nodeId, epoch: plan.newEpoch, step });
  const chosen = candidates?.find((candidate) => candidate.nodeId === nodeId)?.reasons.join("; ") ?? "chosen earlier";
  return {
    rateCost: attemptNumber === 1 ? 1 : 0,
    action: {
      id,
      planId: plan.planId,
      kind: "promote",
      groupId,
      target: nodeId,
      epoch: plan.newEpoch,
      step,
      args: {},
      reason: `Promote ${nodeId} to primary of ${groupId} at epoch ${plan.newEpoch} (failover attempt ${attemptNumber}): ${why}; ${nodeId} ${chosen}.`,
      timeoutMs: input.policy.failover.verifyTimeoutMs,
      ...(candidates ? { candidates } : {}),
    },
    onIssued: (state, running, now) => recordPromote(state, groupId, plan, nodeId, id, running, now),
  };
}

function recordPromote(state: PlannerState, groupId: string, plan: FailoverPlan, nodeId: string, id: string, running: boolean, now: number): void {
  let memory = state.failovers[groupId];
  if (!memory || memory.planId !== plan.planId || memory.phase !== "promoting") {
    memory = { ...plan, phase: "promoting", startedAt: now, attempts: [], promotedId: null, completedAt: null, followed: [], antiFlapAcknowledged: false };
    state.failovers[groupId] = memory;
  }
  const attempt = memory.attempts.find((entry) => entry.actionId === id);
  if (!attempt) memory.attempts.push({ nodeId, actionId: id, issuedAt: now, startedAt: running ? now : null, outcome: "pending" });
  else if (running && attempt.startedAt === null) attempt.startedAt = now;
}

function pushAntiFlapBlock(input: FailoverLadderInput, memory: FailoverMemory, result: LadderResult, holdingFailover: boolean): void {
  const until = (memory.completedAt ?? input.now) + input.policy.failover.antiFlapMs;
  const base = `Anti-flap: ${input.group.id} failed over to ${memory.promotedId} at epoch ${memory.newEpoch}; no other automatic failover until ${new Date(until).toISOString()} or until a human acknowledges this block.`;
  result.blocks.push({
    id: antiFlapBlockId(input.group.id, memory),
    kind: "anti-flap",
    groupId: input.group.id,
    nodeId: memory.promotedId,
    actionKind: "promote",
    actionId: null,
    reason: holdingFailover ? `${base} Its primary is down again and a failover is being held back.` : base,
    acknowledgeable: true,
    raises: holdingFailover ? "blocked" : null,
    until,
  });
}

function pushEscalatedBlock(input: FailoverLadderInput, memory: FailoverMemory, result: FailoverLadderResult): void {
  result.memory = memory;
  const tried = memory.attempts.map((attempt) => attempt.nodeId).join(", ") || "none";
  result.blocks.push({
    id: failoverEscalatedBlockId(input.group.id, memory),
    kind: "failover-escalated",
    groupId: input.group.id,
    nodeId: memory.oldPrimaryId,
    actionKind: "promote",
    actionId: null,
    reason: `Failover of ${input.group.id} escalated: no promoted candidate reported role primary in time (tried: ${tried}) and no eligible candidate is left. A human must decide; acknowledge this block to let Vigil try again.`,
    acknowledgeable: true,
    raises: "escalated",
    until: null,
    ...(result.candidates ? { candidates: result.candidates } : {}),
  });
}

/**
 * What a promotion's follow-ups need, checked before it starts: every follow names the promoted
 * node's data address (the agent accepts it only for that address in its group's membership), and
 * reaches its member through that member's agent. A failover that promotes and then cannot
 * re-point the others leaves replicas attached to the dead primary, which re-sync from it (empty,
 * after a crash) when it returns: better not to start, and page. Members that are down are not
 * waited for: they are re-pointed (fenced) when they come back, before they can serve.
 */
export function followUpGaps(group: ReplicaGroupStatus, failedPrimaryId: string, candidateId: string, maintenanceNodeIds: ReadonlySet<string> = new Set()): string[] {
  const gaps: string[] = [];
  const candidate = memberOf(group, candidateId);
  if (!candidate) return [`${candidateId} is no longer a member of ${group.id}`];
  if (candidate.reportedAddress === null) {
    gaps.push(`${candidateId} reports no data address, so no follow can name it (its agent must report its announce address; check its --redis/--announce setting and that it reaches its data store)`);
  } else if (candidate.address === null) {
    const others = addressClaimants(candidate, group.members);
    gaps.push(`${candidateId}'s data address ${candidate.reportedAddress} is ambiguous: ${others.join(", ")} report${others.length === 1 ? "s" : ""} it too (an impostor or a misconfigured announce address), so Vigil uses it for neither`);
  }
  for (const member of group.members) {
    if (member.nodeId === candidateId || member.nodeId === failedPrimaryId) continue;
    if (!isLive(member.state) || maintenanceNodeIds.has(member.nodeId)) continue;
    if (!member.connected) gaps.push(`${member.nodeId} must be re-pointed to ${candidateId} but its agent is not connected (state ${member.state}), so it cannot receive the follow`);
  }
  return gaps;
}

export function preconditionBlockId(groupId: string, failedPrimaryId: string, downSince: number): string {
  return `failover-precondition:${groupId}:${failedPrimaryId}:${downSince}`;
}

/** False (and a block that pages) when the promotion of `candidateId` could not be finished. */
function followUpsPossible(input: FailoverLadderInput, failedPrimaryId: string, downSince: number, candidateId: string, result: LadderResult, candidates: FailoverCandidate[] | null): boolean {
  const gaps = followUpGaps(input.group, failedPrimaryId, candidateId, input.maintenanceNodeIds);
  if (gaps.length === 0) return true;
  result.blocks.push({
    id: preconditionBlockId(input.group.id, failedPrimaryId, downSince),
    kind: "failover-precondition",
    groupId: input.group.id,
    nodeId: candidateId,
    actionKind: "promote",
    actionId: null,
    reason: `No failover of ${input.group.id}: primary ${failedPrimaryId} is down and ${candidateId} would be promoted, but the failover could not be finished: ${gaps.join("; ")}. Nothing was promoted; fix this and Vigil fails over on its next round.`,
    acknowledgeable: false,
    raises: "escalated",
    until: null,
    ...(candidates ? { candidates } : {}),
  });
  return false;
}

function rankFor(input: FailoverLadderInput, failedPrimaryId: string, primaryDownSince: number, tried: ReadonlySet<string>): FailoverCandidate[] {
  return rankCandidates({
    group: input.group,
    nodesById: input.nodesById,
    failedPrimaryId,
    primaryDownSince,
    linkSeenAt: input.linkSeenAt,
    policy: input.policy.failover,
    tried,
    maintenanceNodeIds: input.maintenanceNodeIds,
  });
}

function primaryServing(input: FailoverLadderInput): boolean {
  const primary = input.group.members.find((member) => member.isRecognisedPrimary);
  return primary !== undefined && primary.state === "healthy";
}

function memberOf(group: ReplicaGroupStatus, nodeId: string): ReplicaGroupMember | undefined {
  return group.members.find((member) => member.nodeId === nodeId);
}

function summariseExclusions(candidates: readonly FailoverCandidate[]): string {
  return candidates.map((candidate) => `${candidate.nodeId}: ${candidate.reasons.join(", ")}`).join("; ");
}
