/**
 * What a page says about Vigil's own recovery of its subject, from the recovery plans the store
 * holds and the recovery job's recent events. Pure.
 */
import type { PageRecovery } from "../webhooks/message";

export type PlanForPaging = {
  id: string;
  groupId: string;
  kind: string;
  /** "active" | "completed" | "failed" | "cancelled". */
  state: string;
  reason: string;
  createdAt: number;
  finishedAt: number | null;
  actions: {
    id: string;
    kind: string;
    target: string;
    state: string;
    dryRun: boolean;
    approvedBy: string | null;
    createdAt: number;
    startedAt: number | null;
    finishedAt: number | null;
    timeoutMs: number;
    outcome: string | null;
  }[];
};

export type RecoveryEventForPaging = { kind: string; at: number; group: string | null; node: string | null; message: string };

/** A hold never outlasts this, however long the recovery's own steps may take. */
export const MAX_RECOVERY_HOLD_MS = 5 * 60_000;
/** After an action's own timeout, the time its verification may take (a restart's health check, a promotion's role report). */
const VERIFY_MARGIN_MS = 30_000;
/** Outcomes older than this say nothing about a page opened now. */
export const RECOVERY_MEMORY_MS = 10 * 60_000;

const ACTIVE_ACTION = new Set(["planned", "running"]);

/** The action waiting for a person's approval in an approval-mode plan, if any. */
export function actionAwaitingApproval(plan: PlanForPaging): PlanForPaging["actions"][number] | null {
  if (plan.state !== "active") return null;
  return plan.actions.find((action) => action.state === "planned" && !action.dryRun && action.approvedBy === null) ?? null;
}

function deadlineOf(plan: PlanForPaging): number {
  const actionDeadlines = plan.actions.filter((a) => ACTIVE_ACTION.has(a.state)).map((a) => (a.startedAt ?? a.createdAt) + a.timeoutMs + VERIFY_MARGIN_MS);
  const byActions = actionDeadlines.length ? Math.max(...actionDeadlines) : plan.createdAt + VERIFY_MARGIN_MS;
  return Math.min(plan.createdAt + MAX_RECOVERY_HOLD_MS, byActions);
}

/** A plan is named after its first action: a failover plan starts with a promotion. */
function kindName(plan: PlanForPaging): string {
  return plan.kind === "promote" ? "failover" : plan.kind;
}

function describe(plan: PlanForPaging): string {
  const target = plan.actions.find((a) => a.kind === "promote")?.target ?? plan.actions[0]?.target ?? null;
  if (plan.kind === "failover" || plan.kind === "promote") return `failover of ${plan.groupId}${target ? ` to ${target}` : ""}`;
  return `${plan.kind} of ${target ?? plan.groupId}`;
}

/** detection → confirmation → promotion → first write, as far as the recovery got. */
function timelineOf(plan: PlanForPaging, detectedAt: number | null, completedAt: number | null): PageRecovery["timeline"] {
  const timeline: PageRecovery["timeline"] = [];
  if (detectedAt !== null) timeline.push({ step: "detection", at: detectedAt });
  timeline.push({ step: "confirmation", at: plan.createdAt });
  const promote = plan.actions.find((a) => a.kind === "promote" && a.state === "succeeded");
  if (promote?.finishedAt) timeline.push({ step: "promotion", at: promote.finishedAt });
  else {
    const done = plan.actions.find((a) => a.state === "succeeded" && a.finishedAt !== null);
    if (done?.finishedAt) timeline.push({ step: done.kind, at: done.finishedAt });
  }
  // The primary verified: it reports role primary at the new epoch, the moment it takes writes.
  if (completedAt !== null) timeline.push({ step: promote ? "first write" : "verified", at: completedAt });
  return timeline;
}

/**
 * The newest recovery of the group, as a page tells it: running (with its hold deadline),
 * awaiting approval, blocked / escalated (from the job's events), succeeded or failed.
 */
export function recoveryForGroup(input: {
  groupId: string;
  plans: readonly PlanForPaging[];
  events: readonly RecoveryEventForPaging[];
  now: number;
  /** When the problem was first seen (the page's earliest firing alert). */
  detectedAt: number | null;
}): PageRecovery | null {
  const { groupId, now } = input;
  const plans = input.plans
    .filter((plan) => plan.groupId === groupId && plan.state !== "cancelled" && (plan.state === "active" || (plan.finishedAt ?? 0) >= now - RECOVERY_MEMORY_MS))
    .sort((a, b) => b.createdAt - a.createdAt);
  const events = input.events.filter((e) => e.group === groupId && e.at >= now - RECOVERY_MEMORY_MS).sort((a, b) => b.at - a.at);
  const plan = plans[0];
  const latestBad = events.find((e) => e.kind === "escalated" || e.kind === "blocked" || e.kind === "failed");
  const completed = events.find((e) => e.kind === "failover_completed");

  if (!plan) {
    if (!latestBad) return null;
    return { kind: "recovery", state: latestBad.kind, deadline: null, summary: latestBad.message, approvalActionId: null, timeline: [] };
  }
  // An escalation or block after the plan started is the newer word on it.
  if (latestBad && latestBad.at >= plan.createdAt && (plan.state === "active" || latestBad.kind !== "blocked")) {
    return { kind: kindName(plan), state: latestBad.kind, deadline: null, summary: latestBad.message, approvalActionId: null, timeline: timelineOf(plan, input.detectedAt, null) };
  }
  // The promotion verified is the failover's success, though its follow-ups may still run.
  if (completed && completed.at >= plan.createdAt && plan.state !== "failed") {
    return { kind: kindName(plan), state: "succeeded", deadline: null, summary: completed.message, approvalActionId: null, timeline: timelineOf(plan, input.detectedAt, completed.at) };
  }
  if (plan.state === "active") {
    const awaiting = actionAwaitingApproval(plan);
    if (awaiting) return { kind: kindName(plan), state: "awaiting-approval", deadline: null, summary: `${describe(plan)} waits for approval`, approvalActionId: awaiting.id, timeline: timelineOf(plan, input.detectedAt, null) };
    return { kind: kindName(plan), state: "running", deadline: deadlineOf(plan), summary: describe(plan), approvalActionId: null, timeline: timelineOf(plan, input.detectedAt, null) };
  }
  if (plan.state === "completed") {
    return { kind: kindName(plan), state: "succeeded", deadline: null, summary: `${describe(plan)} succeeded`, approvalActionId: null, timeline: timelineOf(plan, input.detectedAt, plan.finishedAt) };
  }
  const failed = [...plan.actions].reverse().find((a) => a.state === "failed");
  return { kind: kindName(plan), state: "failed", deadline: null, summary: `${describe(plan)} failed${failed?.outcome ? `: ${failed.outcome}` : ""}`, approvalActionId: null, timeline: timelineOf(plan, input.detectedAt, null) };
}
