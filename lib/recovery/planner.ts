import type { NodeView } from "../protocol/views";
import type { ReplicaGroupStatus } from "../replication";
import { failoverLadder } from "./failover-ladder";
import { blastRadiusGuard, killSwitchFreeze, minAvailableViolation, msUntilTokens, refillBucket, selfCheckFreeze, takeTokens, type TokenBucketState } from "./guards";
import { seconds, type Proposal } from "./ladder";
import { policyForGroup, type RecoveryPolicy } from "./policy";
import { reweightLadder } from "./reweight-ladder";
import { observeService, restartLadder, withoutResting } from "./restart-ladder";
import { ringLadder, ringRemovalSettled } from "./ring-ladder";
import { isLive } from "./service-health";
import { markProduced, parsePlannerState, type PlannerState } from "./state";
import {
  ACTIVE_ACTION_STATES,
  DEFAULT_RATE_LIMIT,
  DESTRUCTIVE_ACTION_KINDS,
  type Block,
  type Cancellation,
  type FailoverCandidate,
  type Freeze,
  type KnownAction,
  type PlannedAction,
  type PlannerInput,
  type RecoveryEvent,
} from "./types";

export type PlannerOutput = {
  /** New decisions: store each (unique id); execute those with state "running". */
  actions: PlannedAction[];
  /** Why something is not being done, for the UI. */
  blocks: Block[];
  freezes: Freeze[];
  /** Events for the alerting side; each id is raised once per episode (dedupe by id on re-planning). */
  alerts: RecoveryEvent[];
  /** The planner's own planned actions that are no longer wanted (e.g. recovered before approval). */
  cancellations: Cancellation[];
  /** Failover candidate rankings made this round. */
  rankings: { groupId: string; candidates: FailoverCandidate[] }[];
  /** Hand to the next call (JSON). */
  state: PlannerState;
};

type GroupProposal = { proposal: Proposal; group: ReplicaGroupStatus; policy: RecoveryPolicy };

/** Pure recovery planning: state in, decisions out. No I/O; `now` comes from the caller. */
export function plan(input: PlannerInput): PlannerOutput {
  const { now } = input;
  const previous = parsePlannerState(input.previousState);
  // Every field the round changes is rebuilt below, except the ring removals it edits in place:
  // a deep clone of the previous state (10,000 nodes' link sightings) cost more than the round.
  const state: PlannerState = { ...previous, ringRemovals: { ...previous.ringRemovals } };
  const nodesById = new Map(input.nodes.map((node) => [node.id, node]));
  const knownActions = new Map(input.actions.map((action) => [action.id, action]));
  const acknowledgements = new Set(input.acknowledgements);
  const maintenanceNodeIds = new Set(input.maintenance.nodeIds);

  state.linkSeenAt = observeLinks(previous.linkSeenAt, input.nodes, now);
  const blast = blastRadiusGuard(input.nodes, previous.blastRadius, now);
  state.blastRadius = blast.memory;
  const freezes = [killSwitchFreeze(input.killSwitch, previous.openFreezes, now), selfCheckFreeze(input.selfCheck, now), blast.freeze].filter(
    (freeze): freeze is Freeze => freeze !== null,
  );

  const blocks: Block[] = [];
  const events: RecoveryEvent[] = [];
  const rankings: PlannerOutput["rankings"] = [];
  const proposals: GroupProposal[] = [];
  state.restarts = {};
  state.failovers = {};
  state.hot = {};
  for (const group of input.groups) {
    const policy = policyForGroup(input.policies, group.id);
    const members = group.members.map((member) => nodesById.get(member.nodeId)).filter((node): node is NodeView => node !== undefined);
    for (const node of members) state.restarts[node.id] = observeService(previous.restarts[node.id], node, now, policy.restart);
    if (ringRemovalSettled(group, input.ring)) delete state.ringRemovals[group.id];
    if (policy.mode === "off") {
      if (previous.failovers[group.id]) state.failovers[group.id] = structuredClone(previous.failovers[group.id]);
      continue;
    }
    const collect = (result: { proposals: Proposal[]; blocks: Block[]; events: RecoveryEvent[] }) => {
      for (const proposal of result.proposals) proposals.push({ proposal, group, policy });
      blocks.push(...result.blocks);
      events.push(...result.events);
    };
    const failover = failoverLadder({ group, nodesById, policy, now, memory: previous.failovers[group.id], linkSeenAt: state.linkSeenAt, knownActions, acknowledgements, maintenanceNodeIds });
    if (failover.memory) state.failovers[group.id] = failover.memory;
    if (failover.candidates) rankings.push({ groupId: group.id, candidates: failover.candidates });
    collect(failover);
    for (const node of members) {
      const restart = restartLadder({ node, groupId: group.id, epoch: group.epoch, policy, now, memory: state.restarts[node.id], acknowledgements });
      state.restarts[node.id] = restart.memory;
      collect(restart);
    }
    collect(ringLadder({ group, nodesById, ring: input.ring, policy, now, removal: state.ringRemovals[group.id] }));
    const hottest = input.hottestLoadGroupNodeIds ? new Set(input.hottestLoadGroupNodeIds) : null;
    const reweight = reweightLadder({ group, ring: input.ring, hottest, policy, now, memory: previous.hot[group.id] });
    if (reweight.memory) state.hot[group.id] = reweight.memory;
    collect(reweight);
  }

  const admission = admit(proposals, { input, state, freezes, knownActions, nodesById, maintenanceNodeIds });
  const cancelled = [...admission.preempted, ...cancellations(input.actions, admission.proposedIds)];
  blocks.push(...admission.blocks);
  const uniqueBlocks = dedupeById(blocks);
  events.push(...openingEvents(uniqueBlocks, freezes, previous, now));
  state.openBlocks = uniqueBlocks.filter((block) => block.raises !== null).map(blockKey);
  state.openFreezes = freezes.map((freeze) => freeze.id);
  state.restarts = withoutResting(state.restarts);
  markProduced(state);
  return {
    actions: admission.actions,
    blocks: uniqueBlocks,
    freezes,
    alerts: events,
    cancellations: cancelled.filter((c, i) => cancelled.findIndex((other) => other.actionId === c.actionId) === i),
    rankings,
    state,
  };
}

type AdmissionContext = {
  input: PlannerInput;
  state: PlannerState;
  freezes: readonly Freeze[];
  knownActions: ReadonlyMap<string, KnownAction>;
  nodesById: ReadonlyMap<string, NodeView>;
  maintenanceNodeIds: ReadonlySet<string>;
};

/** Runs every proposal through the guards in order, then the mode, then the rate limit; records what is issued. */
function admit(
  proposals: readonly GroupProposal[],
  context: AdmissionContext,
): { actions: PlannedAction[]; blocks: Block[]; proposedIds: Set<string>; preempted: Cancellation[] } {
  const { input, state, knownActions } = context;
  const approvals = new Set(input.approvals);
  const rateLimit = input.rateLimit ?? DEFAULT_RATE_LIMIT;
  const bucket: TokenBucketState = refillBucket(state.bucket, rateLimit, input.now);
  const planByGroup = activePlans(input.actions);
  const busyNodeIds = new Set(input.actions.filter((a) => ACTIVE_ACTION_STATES.has(a.state) && !a.dryRun && a.kind === "restart").map((a) => a.target));
  const actions: PlannedAction[] = [];
  const blocks: Block[] = [];
  const proposedIds = new Set<string>();
  const preempted: Cancellation[] = [];
  for (const { proposal, group, policy } of proposals) {
    const action = proposal.action;
    proposedIds.add(action.id);
    const guardBlock = guard(proposal, group, policy, context, planByGroup, busyNodeIds);
    if (guardBlock) {
      blocks.push(guardBlock);
      continue;
    }
    const displaced = planByGroup.get(group.id);
    if (displaced && displaced.planId !== action.planId) {
      for (const id of displaced.waitingActionIds) {
        preempted.push({ actionId: id, reason: `Superseded: ${group.id} lost its primary and its failover (${action.planId}) goes first; this action had not started (awaiting approval or its scheduled time).` });
      }
    }
    planByGroup.set(group.id, { planId: action.planId, waitingActionIds: [] });
    const existing = knownActions.get(action.id);
    const approved = approvals.has(action.id);
    if (existing && !existing.dryRun && (existing.state !== "planned" || (policy.mode !== "auto" && !approved))) {
      // Already stored (its id is unique): nothing new to emit, but make sure the state knows it was issued
      // (after a caller crash between storing actions and storing state, this rebuilds the ladder's memory).
      proposal.onIssued?.(state, existing.state !== "planned", input.now);
      continue;
    }
    if (existing && existing.dryRun && policy.mode === "dry-run") continue;
    const dryRun = policy.mode === "dry-run";
    const awaitingApproval = policy.mode === "approval" && !approved;
    const running = !dryRun && !awaitingApproval;
    if (running && DESTRUCTIVE_ACTION_KINDS.has(action.kind) && !takeTokens(bucket, proposal.rateCost)) {
      blocks.push(blockFor(proposal, "rate-limited", `rate-limited:${action.id}`, `Rate limit: at most ${rateLimit.perMinute} destructive actions a minute (burst ${rateLimit.burst}); ${action.kind} of ${action.target} waits about ${seconds(msUntilTokens(bucket, rateLimit, proposal.rateCost))}.`, "blocked"));
      continue;
    }
    if (running) busyNodeIds.add(action.target);
    actions.push({ ...action, state: running ? "running" : "planned", dryRun, awaitingApproval });
    if (!dryRun) proposal.onIssued?.(state, running, input.now);
  }
  state.bucket = bucket;
  return { actions, blocks, proposedIds, preempted };
}

function guard(
  proposal: Proposal,
  group: ReplicaGroupStatus,
  policy: RecoveryPolicy,
  context: AdmissionContext,
  planByGroup: ReadonlyMap<string, ActivePlan>,
  busyNodeIds: ReadonlySet<string>,
): Block | null {
  const action = proposal.action;
  const destructive = DESTRUCTIVE_ACTION_KINDS.has(action.kind);
  for (const freeze of context.freezes) {
    if (freeze.scope === "all" || destructive) {
      return blockFor(proposal, "frozen", `frozen:${freeze.id}:${action.id}`, `${action.kind} of ${action.target} is held: ${freeze.reason}`, null, freeze.until);
    }
  }
  const maintenance = maintenanceReason(action.target, group, context);
  if (maintenance) return blockFor(proposal, "maintenance", `maintenance:${action.id}`, `${action.kind} of ${action.target} is paused: ${maintenance}.`, null);
  if (action.kind === "restart") {
    const violation = minAvailableViolation(group, action.target, policy, busyNodeIds);
    if (violation) return blockFor(proposal, "min-available", `min-available:${action.id}`, violation, "blocked");
  }
  const activePlan = planByGroup.get(group.id);
  // A plan that has only waited for approval so far holds nothing up: a lost primary outranks it.
  const preemptable = activePlan !== undefined && activePlan.waitingActionIds.length > 0 && action.kind === "promote";
  if (activePlan !== undefined && activePlan.planId !== action.planId && !preemptable) {
    return blockFor(proposal, "plan-in-progress", `plan-in-progress:${action.id}`, `${action.kind} of ${action.target} waits: another recovery plan (${activePlan.planId}) is active for ${group.id}, and a group has one at a time.`, null);
  }
  return null;
}

function maintenanceReason(target: string, group: ReplicaGroupStatus, context: AdmissionContext): string | null {
  if (context.input.maintenance.groupIds.includes(group.id)) return `${group.id} is under maintenance`;
  if (context.maintenanceNodeIds.has(target) || context.nodesById.get(target)?.state === "maintenance") return `${target} is under maintenance`;
  return null;
}

function blockFor(proposal: Proposal, kind: Block["kind"], id: string, reason: string, raises: Block["raises"], until: number | null = null): Block {
  const action = proposal.action;
  return {
    id,
    kind,
    groupId: action.groupId,
    nodeId: action.kind === "remove-from-ring" || action.kind === "add-to-ring" || action.kind === "reweight" ? null : action.target,
    actionKind: action.kind,
    actionId: action.id,
    reason,
    acknowledgeable: false,
    raises,
    until,
    ...(action.candidates ? { candidates: action.candidates } : {}),
  };
}

/** A group's plan under way; `waitingActionIds` is non-empty when all it did so far is wait for approval. */
type ActivePlan = { planId: string; waitingActionIds: string[] };

/** The plan each group already has going in the caller's database (dry runs never count). */
function activePlans(actions: readonly KnownAction[]): Map<string, ActivePlan> {
  const plans = new Map<string, ActivePlan>();
  const active = actions.filter((action) => ACTIVE_ACTION_STATES.has(action.state) && !action.dryRun).sort((a, b) => a.createdAt - b.createdAt);
  for (const action of active) if (!plans.has(action.groupId)) plans.set(action.groupId, { planId: action.planId ?? action.id, waitingActionIds: [] });
  for (const [groupId, plan] of plans) {
    const members = active.filter((action) => action.groupId === groupId && (action.planId ?? action.id) === plan.planId);
    // An operator's switchover waiting for approval or its time holds no failover: the failover supersedes it.
    const onlyWaiting = members.every((action) => action.state === "planned" && (action.source === "planner" || action.kind === "switchover"));
    if (onlyWaiting) plan.waitingActionIds = members.map((action) => action.id);
  }
  return plans;
}

/** Every node's last sighting of its replication link up, kept for present nodes only. */
function observeLinks(previous: Readonly<Record<string, number>>, nodes: readonly NodeView[], now: number): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const node of nodes) {
    if (isLive(node.state) && node.replication?.linkUp === true) seen[node.id] = now;
    else if (previous[node.id] !== undefined) seen[node.id] = previous[node.id];
  }
  return seen;
}

function blockKey(block: Block): string {
  return `${block.id}|${block.raises ?? ""}`;
}

function openingEvents(blocks: readonly Block[], freezes: readonly Freeze[], previous: PlannerState, now: number): RecoveryEvent[] {
  const openBlocks = new Set(previous.openBlocks);
  const openFreezes = new Set(previous.openFreezes);
  const events: RecoveryEvent[] = [];
  for (const freeze of freezes) {
    if (openFreezes.has(freeze.id)) continue;
    events.push({ id: `freeze:${freeze.id}`, kind: "frozen", at: now, groupId: null, nodeId: null, summary: freeze.reason });
  }
  for (const block of blocks) {
    if (block.raises === null || openBlocks.has(blockKey(block))) continue;
    events.push({ id: `block:${blockKey(block)}`, kind: block.raises, at: now, groupId: block.groupId, nodeId: block.nodeId, summary: block.reason });
  }
  return events;
}

function cancellations(known: readonly KnownAction[], proposedIds: ReadonlySet<string>): Cancellation[] {
  return known
    .filter((action) => action.source === "planner" && action.state === "planned" && !action.dryRun && !proposedIds.has(action.id))
    .map((action) => ({ actionId: action.id, reason: `No longer needed: the condition behind this ${action.kind} of ${action.target} is gone (or recovery was turned off for ${action.groupId}).` }));
}

function dedupeById(blocks: readonly Block[]): Block[] {
  const seen = new Set<string>();
  return blocks.filter((block) => (seen.has(block.id) ? false : (seen.add(block.id), true)));
}
