import type { ReplicaGroupStatus } from "../replication";
import { antiFlapActive, antiFlapBlockId, promotionEpoch } from "./failover-ladder";
import { minAvailableViolation } from "./guards";
import { policyForGroup, type PolicyDocument } from "./policy";
import { isLive } from "./service-health";
import type { PlannerState } from "./state";
import { ACTIVE_ACTION_STATES, DESTRUCTIVE_ACTION_KINDS, type Freeze, type KnownAction, type RecoveryActionKind } from "./types";

/**
 * An operator's promote, follow (of the primary: a demotion), restart or run-hook, checked by
 * the guards the planner applies to its own actions. Pure: the caller gathers the groups, the
 * planner's memory and what is frozen or under maintenance, and decides what a violation means
 * (refuse, wait for an admin's approval, or run when an admin forced it).
 */

export const MANUAL_GUARDS = [
  /** The target (or the follow's source) is no member of a replica group Vigil knows: unknown, pending approval, decommissioned. */
  "member",
  /** A follow's source belongs to another replica group: the data would go to a stranger. */
  "same-group",
  /** A promote of another member, or a follow of the primary itself, while the recognised primary is healthy. */
  "healthy-primary",
  /** The node to promote is not live (down, unknown, disconnected): it cannot take over. */
  "target-live",
  /** A follow's source is not the group's recognised primary. */
  "follow-primary",
  /** Fewer healthy members than the policy's minimum would stay in service. */
  "min-available",
  /** A failover of the group completed recently and anti-flap holds the next one. */
  "anti-flap",
  "maintenance",
  /** Vigil distrusts its own view (self-check, blast radius): the planner holds its own actions too. */
  "frozen",
  /** Another recovery plan is active for the group. */
  "plan-in-progress",
] as const;
export type ManualGuard = (typeof MANUAL_GUARDS)[number];

/** Guards no `force` lifts: they say the request makes no sense, not that it is risky. */
const ABSOLUTE_GUARDS: ReadonlySet<ManualGuard> = new Set(["member", "same-group"]);

export type ManualActionKind = Extract<RecoveryActionKind, "restart" | "promote" | "follow"> | "run-hook";

export type ManualRequest = {
  kind: ManualActionKind;
  target: string;
  /** follow: the node to follow. */
  source?: string | null;
};

export type ManualGuardContext = {
  now: number;
  groups: readonly ReplicaGroupStatus[];
  policies: PolicyDocument;
  /** The planner's stored state (failover memory for anti-flap). */
  plannerState: PlannerState;
  acknowledgements: readonly string[];
  /** Freezes the planner saw in its last round (the kill switch is checked by the caller before). */
  freezes: readonly Freeze[];
  maintenance: { nodeIds: readonly string[]; groupIds: readonly string[] };
  /** Actions the store knows (active ones matter). */
  actions: readonly KnownAction[];
};

export type GuardViolation = { guard: ManualGuard; message: string; overridable: boolean };

export type ManualCheck = {
  /** The target's replica group, or null when it is in none. */
  groupId: string | null;
  /** The fencing epoch the action carries: the next one for a promote (like the planner's), the current one otherwise. */
  epoch: number;
  violations: GuardViolation[];
};

export function checkManualAction(request: ManualRequest, context: ManualGuardContext): ManualCheck {
  const group = context.groups.find((candidate) => candidate.members.some((member) => member.nodeId === request.target));
  if (!group) {
    return { groupId: null, epoch: 0, violations: [violation("member", `${request.target} is no member of any replica group Vigil watches (unknown, pending approval or decommissioned)`)] };
  }
  const epoch = request.kind === "promote" ? promotionEpoch(group) : group.epoch;
  const violations: GuardViolation[] = [];
  const add = (guard: ManualGuard, message: string | null) => {
    if (message) violations.push(violation(guard, message));
  };
  const policy = policyForGroup(context.policies, group.id);
  const target = group.members.find((member) => member.nodeId === request.target);
  const primary = group.members.find((member) => member.isRecognisedPrimary) ?? null;
  const primaryHealthy = primary !== null && primary.state === "healthy";

  if (request.kind === "promote") {
    if (group.implicit || group.memberCount < 2) add("member", `${request.target} has no replica group to be primary of (it declares none, or is its only member)`);
    if (primaryHealthy && primary.nodeId !== request.target) {
      add("healthy-primary", `${primary.nodeId} is the healthy recognised primary of ${group.id} (epoch ${group.epoch}): promoting ${request.target} would make two primaries`);
    }
    if (target && (!isLive(target.state) || !target.connected)) add("target-live", `${request.target} is ${target.state}${target.connected ? "" : " and disconnected"}: it cannot take over as primary`);
    const memory = context.plannerState.failovers[group.id];
    const acknowledged = memory !== undefined && context.acknowledgements.includes(antiFlapBlockId(group.id, memory));
    if (!acknowledged && antiFlapActive(memory, policy, context.now)) {
      const until = (memory?.completedAt ?? context.now) + policy.failover.antiFlapMs;
      add("anti-flap", `${group.id} failed over to ${memory?.promotedId ?? "another member"} at epoch ${memory?.newEpoch ?? group.epoch}; anti-flap holds another failover until ${new Date(until).toISOString()} (acknowledge the block to lift it)`);
    }
  }

  if (request.kind === "follow") {
    const sourceId = request.source ?? "";
    if (primaryHealthy && primary.nodeId === request.target) {
      add("healthy-primary", `${request.target} is the healthy recognised primary of ${group.id} (epoch ${group.epoch}): a follow would demote it`);
    }
    const source = group.members.find((member) => member.nodeId === sourceId);
    if (!source) {
      const elsewhere = context.groups.find((candidate) => candidate.members.some((member) => member.nodeId === sourceId));
      if (elsewhere) add("same-group", `${sourceId} is a member of ${elsewhere.id}, not of ${request.target}'s group ${group.id}: a follow never crosses replica groups`);
      else add("member", `${sourceId} is no member of any replica group Vigil watches (unknown, pending approval or decommissioned)`);
    } else if (!primary || primary.nodeId !== sourceId) {
      add("follow-primary", `${sourceId} is not the recognised primary of ${group.id} (${primary?.nodeId ?? "none"} is): ${request.target} would replicate from a replica`);
    }
  }

  if (request.kind === "restart" || request.kind === "follow") {
    // A follow resyncs the node from its new source: out of service like a restart.
    const busy = new Set(context.actions.filter((action) => ACTIVE_ACTION_STATES.has(action.state) && !action.dryRun && action.kind === "restart").map((action) => action.target));
    add("min-available", minAvailableViolation(group, request.target, policy, busy, request.kind === "restart" ? "Restarting" : "Re-pointing"));
  }

  if (context.maintenance.groupIds.includes(group.id)) add("maintenance", `${group.id} is under maintenance`);
  else if (context.maintenance.nodeIds.includes(request.target) || target?.state === "maintenance") add("maintenance", `${request.target} is under maintenance`);

  const destructive = request.kind !== "run-hook" && DESTRUCTIVE_ACTION_KINDS.has(request.kind);
  for (const freeze of context.freezes) {
    if (freeze.kind === "kill-switch" || (freeze.until !== null && freeze.until <= context.now)) continue;
    if (freeze.scope === "all" || destructive) add("frozen", freeze.reason);
  }

  const active = context.actions.find((action) => action.groupId === group.id && ACTIVE_ACTION_STATES.has(action.state) && !action.dryRun);
  if (active) add("plan-in-progress", `${active.kind} of ${active.target} (${active.id}, ${active.state}) is already under way for ${group.id}, and a group has one recovery plan at a time`);

  return { groupId: group.id, epoch, violations };
}

function violation(guard: ManualGuard, message: string): GuardViolation {
  return { guard, message, overridable: !ABSOLUTE_GUARDS.has(guard) };
}

/** "healthy-primary: …; min-available: …": the message of a refusal, naming each guard. */
export function describeViolations(violations: readonly GuardViolation[]): string {
  return violations.map((entry) => `${entry.guard}: ${entry.message}`).join("; ");
}
