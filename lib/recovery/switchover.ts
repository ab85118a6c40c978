import type { NodeView } from "../protocol/views";
import type { ReplicaGroupMember, ReplicaGroupStatus } from "../replication";
import { rankCandidates } from "./failover-candidates";
import { antiFlapActive, antiFlapBlockId, promotionEpoch } from "./failover-ladder";
import type { GuardViolation, ManualGuardContext } from "./manual-guards";
import type { RecoveryPolicy } from "./policy";
import { ACTIVE_ACTION_STATES, type FailoverCandidate } from "./types";

/**
 * A planned switchover (graceful primary handover): pause writes on the primary, wait until the
 * target has every byte, promote it, re-point the others, make the old primary a replica,
 * unpause. Pure: the caller gathers the group, the nodes and their data addresses, and runs the
 * steps (lib/control/switchover-runner.ts).
 */

export const SWITCHOVER_DEFAULTS = {
  /**
   * How long writes may stay paused before the promotion: the pause itself is set to this (Redis
   * lifts it by itself should Vigil die), and a catch-up or promote that does not finish in time
   * aborts the switchover.
   */
  deadlineMs: 3_000,
  /** After the promotion, how long re-pointing the others and the old primary may take (retried). */
  completeMs: 15_000,
  /** An agent command is never sent with less than this (the protocol's minimum timeout). */
  minStepMs: 100,
} as const;

export type SwitchoverInput = {
  group: ReplicaGroupStatus;
  nodesById: ReadonlyMap<string, NodeView>;
  policy: RecoveryPolicy["failover"];
  now: number;
  /** Each member's data address ("host:port") as its agent reports it; null when unknown. */
  addresses: Readonly<Record<string, string | null>>;
  maintenanceNodeIds: ReadonlySet<string>;
  /** The node to promote; the best-ranked eligible replica when absent. */
  target?: string | null;
  /** Overrides the policy's lag limit for the ranking. */
  maxLagMs?: number | null;
};

export type SwitchoverPreview = {
  groupId: string;
  /** The group's epoch now: pause and catch-up carry it; the promotion carries `newEpoch`. */
  epoch: number;
  newEpoch: number;
  primaryId: string | null;
  /** The node to promote, or null when none is eligible (see `problems`). */
  targetId: string | null;
  /** Every member ranked, with why each is chosen or excluded (the failover's judge). */
  candidates: FailoverCandidate[];
  /** The members re-pointed to the target after the promotion (not the old primary). */
  followers: string[];
  /** Why the switchover cannot start now; empty when it can. */
  problems: string[];
  addresses: Record<string, string | null>;
};

/** The preflight: primary healthy and connected, target eligible, addresses known, the others connected. */
export function previewSwitchover(input: SwitchoverInput): SwitchoverPreview {
  const { group } = input;
  const problems: string[] = [];
  const primary = group.members.find((member) => member.isRecognisedPrimary) ?? null;
  const addresses: Record<string, string | null> = {};
  for (const member of group.members) addresses[member.nodeId] = input.addresses[member.nodeId] ?? null;
  const base = { groupId: group.id, epoch: group.epoch, newEpoch: promotionEpoch(group), primaryId: primary?.nodeId ?? null, addresses };
  if (group.implicit || group.memberCount < 2) {
    return { ...base, targetId: null, candidates: [], followers: [], problems: [`${group.id} has no replica to hand the primary role to (it declares no group, or is its only member)`] };
  }
  if (!primary) {
    return { ...base, targetId: null, candidates: [], followers: [], problems: [`${group.id} has no recognised primary: a switchover hands over from a serving primary (a failover handles a lost one)`] };
  }
  problems.push(...primaryProblems(primary, input));
  const candidates = rankForSwitchover(input, primary.nodeId);
  const targetId = chooseTarget(input, candidates, problems);
  const followers = group.members.filter((member) => member.nodeId !== primary.nodeId && member.nodeId !== targetId).map((member) => member.nodeId);
  if (targetId && !addresses[targetId]) problems.push(`the data address of ${targetId} is unknown: the others could not be re-pointed to it`);
  for (const nodeId of followers) {
    const member = group.members.find((entry) => entry.nodeId === nodeId) as ReplicaGroupMember;
    if (!member.connected) problems.push(`${nodeId}'s agent is not connected: it could not be re-pointed to the new primary`);
    else if (member.state === "down" || member.state === "unknown") problems.push(`${nodeId} is ${member.state}: it could not be re-pointed to the new primary`);
  }
  return { ...base, targetId, candidates, followers, problems };
}

function primaryProblems(primary: ReplicaGroupMember, input: SwitchoverInput): string[] {
  const problems: string[] = [];
  if (primary.state !== "healthy") problems.push(`the primary ${primary.nodeId} is ${primary.state}, not healthy: a failover, not a switchover, handles it`);
  if (!primary.connected) problems.push(`the primary ${primary.nodeId}'s agent is not connected: writes could not be paused`);
  if (primary.reportedRole !== "primary") problems.push(`the primary ${primary.nodeId} reports role ${primary.reportedRole ?? "none"}, not primary`);
  if (!input.addresses[primary.nodeId]) problems.push(`the data address of ${primary.nodeId} is unknown`);
  return problems;
}

/** The failover's judge, with the link judged now (a switchover needs every link up now) and the primary excluded as the current one. */
function rankForSwitchover(input: SwitchoverInput, primaryId: string): FailoverCandidate[] {
  const linkSeenAt: Record<string, number> = {};
  for (const member of input.group.members) {
    if (member.linkUp === true && (member.following === null || member.following === primaryId)) linkSeenAt[member.nodeId] = input.now;
  }
  const policy = input.maxLagMs == null ? input.policy : { ...input.policy, maxLagMs: input.maxLagMs };
  return rankCandidates({
    group: input.group,
    nodesById: input.nodesById,
    failedPrimaryId: primaryId,
    primaryDownSince: input.now,
    linkSeenAt,
    policy,
    tried: new Set(),
    maintenanceNodeIds: input.maintenanceNodeIds,
  }).map((candidate) =>
    candidate.nodeId === primaryId
      ? { ...candidate, reasons: ["the current primary"] }
      : { ...candidate, reasons: candidate.reasons.map((reason) => reason.replace("link up until the primary failed", "link up now").replace(/link seen .* before the primary failed/, "link up now")) },
  );
}

function chooseTarget(input: SwitchoverInput, candidates: readonly FailoverCandidate[], problems: string[]): string | null {
  if (input.target) {
    const chosen = candidates.find((candidate) => candidate.nodeId === input.target);
    if (!chosen) {
      problems.push(`${input.target} is no member of ${input.group.id}`);
      return null;
    }
    if (!chosen.eligible) problems.push(`${input.target} cannot take over: ${chosen.reasons.join("; ")}`);
    return input.target;
  }
  const best = candidates.find((candidate) => candidate.eligible);
  if (!best) {
    problems.push(`no replica of ${input.group.id} is eligible: ${candidates.filter((c) => !c.eligible && c.reasons[0] !== "the current primary").map((c) => `${c.nodeId} (${c.reasons.join("; ")})`).join(", ") || "none"}`);
    return null;
  }
  return best.nodeId;
}

/** "host:port" (IPv6 in brackets) into the follow command's args; null when it does not parse. */
export function splitAddress(address: string | null | undefined): { host: string; port: number } | null {
  if (!address) return null;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/.exec(address);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return null;
  return { host: match[1] ?? match[2], port };
}

/** The steps in their order; the runner records each with its timing. */
export const SWITCHOVER_STEPS = ["preflight", "fence", "pause-writes", "catch-up", "promote", "repoint", "demote", "unpause", "abort-unpause", "rollback"] as const;
export type SwitchoverStepName = (typeof SWITCHOVER_STEPS)[number];

/** One step as it happened: what an operator reads in the action's timeline. */
export type SwitchoverStep = {
  step: SwitchoverStepName;
  node: string | null;
  /** Milliseconds since the switchover started (its first step). */
  startMs: number;
  durationMs: number;
  ok: boolean;
  detail: string;
};

/** Milliseconds left until `deadlineAt`, or null when fewer than a command needs remain. */
export function remainingMs(deadlineAt: number, now: number, minimum: number = SWITCHOVER_DEFAULTS.minStepMs): number | null {
  const left = Math.floor(deadlineAt - now);
  return left >= minimum ? left : null;
}

/** How long writes were paused: from the pause's start to the end of the unpause (or the promotion, when clients moved on). */
export function writePauseMs(steps: readonly SwitchoverStep[]): number | null {
  const pause = steps.find((step) => step.step === "pause-writes" && step.ok);
  const end = [...steps].reverse().find((step) => step.step === "unpause" || step.step === "abort-unpause");
  if (!pause || !end) return null;
  return end.startMs + end.durationMs - pause.startMs;
}

/** "pause-writes kv-a 4 ms ok; catch-up kv-b 2 ms ok; …": the timeline in one line for the audit log. */
export function describeTimeline(steps: readonly SwitchoverStep[]): string {
  return steps.map((step) => `${step.step}${step.node ? ` ${step.node}` : ""} +${step.startMs} ms (${step.durationMs} ms) ${step.ok ? "ok" : "FAILED"}${step.detail ? `: ${step.detail}` : ""}`).join("; ");
}

export type SwitchoverGuardContext = Pick<ManualGuardContext, "now" | "plannerState" | "acknowledgements" | "freezes" | "maintenance" | "actions"> & {
  group: ReplicaGroupStatus;
  policy: RecoveryPolicy;
  /** The switchover itself when it is checked again (approval, start): it is no other plan in its own way. */
  selfId?: string | null;
};

/**
 * The failover's guards, applied to a switchover: anti-flap after a failover, maintenance of the
 * group or a member it touches, freezes (a switchover is destructive), one plan per group. Each
 * can be forced over by an admin; the preflight's problems (lib/recovery/switchover.ts) cannot.
 */
export function checkSwitchoverGuards(context: SwitchoverGuardContext, preview: Pick<SwitchoverPreview, "primaryId" | "targetId">): GuardViolation[] {
  const { group } = context;
  const violations: GuardViolation[] = [];
  const add = (guard: GuardViolation["guard"], message: string) => violations.push({ guard, message, overridable: true });
  const memory = context.plannerState.failovers[group.id];
  const acknowledged = memory !== undefined && context.acknowledgements.includes(antiFlapBlockId(group.id, memory));
  if (!acknowledged && antiFlapActive(memory, context.policy, context.now)) {
    const until = (memory?.completedAt ?? context.now) + context.policy.failover.antiFlapMs;
    add("anti-flap", `${group.id} failed over to ${memory?.promotedId ?? "another member"} at epoch ${memory?.newEpoch ?? group.epoch}; anti-flap holds another change of primary until ${new Date(until).toISOString()} (acknowledge the block to lift it)`);
  }
  const touched = [preview.primaryId, preview.targetId].filter((id): id is string => id !== null);
  const inMaintenance = touched.filter((id) => context.maintenance.nodeIds.includes(id) || group.members.find((member) => member.nodeId === id)?.state === "maintenance");
  if (context.maintenance.groupIds.includes(group.id)) add("maintenance", `${group.id} is under maintenance`);
  else if (inMaintenance.length > 0) add("maintenance", `${inMaintenance.join(", ")} ${inMaintenance.length === 1 ? "is" : "are"} under maintenance`);
  for (const freeze of context.freezes) {
    if (freeze.kind === "kill-switch" || (freeze.until !== null && freeze.until <= context.now)) continue;
    add("frozen", freeze.reason);
  }
  const active = context.actions.find((action) => action.groupId === group.id && action.id !== context.selfId && ACTIVE_ACTION_STATES.has(action.state) && !action.dryRun);
  if (active) add("plan-in-progress", `${active.kind} of ${active.target} (${active.id}, ${active.state}) is already under way for ${group.id}, and a group has one recovery plan at a time`);
  return violations;
}
