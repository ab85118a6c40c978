import "server-only";
import type { KnownAction, PlannedAction, PlannerState, PolicyDocument, RecoveryMode } from "../recovery";
import type { RecoveryAction } from "../generated/prisma/client";
import type { ActionList, ActionQuery, KillSwitch } from "../protocol/api/recovery";
import type { Db } from "./prisma";
import { assertLeaseHeld, type LeaseHold } from "./lease";
import { getConfig, type Config } from "../config";
import { cachedSetting, writeSettings } from "./settings-cache";
import { AppError } from "../errors";
import { audit, auditWrite } from "./audit";
import { defaultPolicyDocument, parsePlannerState, parsePolicyDocument, RECOVERY_ACTION_KINDS } from "../recovery";

// The audit log lives in ./audit.ts; these stay importable from here for the code that writes it.
export { audit, auditWrite, type AuditEntry } from "./audit";

const POLICIES_KEY = "recovery.policies";
const KILL_SWITCH_KEY = "recovery.killSwitch";
const ACKS_KEY = "recovery.acknowledgements";
const STATE_KEY = "recovery.plannerState";
/** Terminal actions the planner still needs to see (so it never re-proposes them). */
const KNOWN_ACTIONS_WINDOW_MS = 24 * 3_600_000;
/** Promotions already refused and audited (so a planner repeating itself is audited once). */
const refusedPromotions = new Set<string>();

async function readJob(db: Db, key: string): Promise<unknown> {
  const row = await db.jobState.findUnique({ where: { key } });
  return row ? (JSON.parse(row.value) as unknown) : null;
}

function jobWrite(db: Db, key: string, value: unknown) {
  const text = JSON.stringify(value);
  return db.jobState.upsert({ where: { key }, create: { key, value: text }, update: { value: text } });
}

/** VIGIL_RECOVERY_MODE: the mode until an operator saves policies (an unknown value refuses to start, never means "auto"). */
export function recoveryModeDefault(config: Pick<Config, "recoveryMode"> = getConfig()): RecoveryMode {
  return config.recoveryMode;
}

export async function loadPolicies(db: Db): Promise<PolicyDocument> {
  return cachedSetting(db, POLICIES_KEY, async () => {
    const stored = await readJob(db, POLICIES_KEY);
    if (stored === null) return defaultPolicyDocument(recoveryModeDefault());
    const parsed = parsePolicyDocument(stored, recoveryModeDefault());
    return parsed.ok ? parsed.document : defaultPolicyDocument(recoveryModeDefault());
  });
}

export async function savePolicies(db: Db, input: unknown, by: string, now: number): Promise<PolicyDocument> {
  const parsed = parsePolicyDocument(input, recoveryModeDefault());
  if (!parsed.ok) throw new AppError("bad_request", `invalid policies: ${parsed.error}`);
  await writeSettings(
    db,
    jobWrite(db, POLICIES_KEY, parsed.document),
    auditWrite(db, { at: now, actor: by, action: "policies.update", target: "policies", outcome: "saved", detail: JSON.stringify(parsed.document) }),
  );
  return parsed.document;
}

export async function loadKillSwitch(db: Db): Promise<KillSwitch> {
  return cachedSetting(db, KILL_SWITCH_KEY, async () => {
    const stored = (await readJob(db, KILL_SWITCH_KEY)) as KillSwitch | null;
    return stored ?? { frozen: false, by: null, at: null, reason: null };
  });
}

export async function setKillSwitch(db: Db, frozen: boolean, by: string, reason: string | null, now: number): Promise<KillSwitch> {
  const value: KillSwitch = { frozen, by, at: now, reason };
  await writeSettings(
    db,
    jobWrite(db, KILL_SWITCH_KEY, value),
    auditWrite(db, { at: now, actor: by, action: frozen ? "recovery.freeze" : "recovery.unfreeze", target: "fleet", outcome: "ok", detail: reason }),
  );
  return value;
}

export async function loadAcknowledgements(db: Db): Promise<string[]> {
  return cachedSetting(db, ACKS_KEY, async () => ((await readJob(db, ACKS_KEY)) as string[] | null) ?? []);
}

export async function acknowledgeBlock(db: Db, blockId: string, by: string, now: number): Promise<void> {
  const acks = new Set(await loadAcknowledgements(db));
  acks.add(blockId);
  await writeSettings(db, jobWrite(db, ACKS_KEY, [...acks].slice(-1000)), auditWrite(db, { at: now, actor: by, action: "recovery.acknowledge", target: blockId, outcome: "ok" }));
}

export async function loadPlannerState(db: Db): Promise<PlannerState> {
  return parsePlannerState(await readJob(db, STATE_KEY));
}

function knownAction(row: RecoveryAction): KnownAction {
  return {
    id: row.id,
    planId: row.planId,
    kind: row.kind as KnownAction["kind"],
    target: row.target,
    groupId: row.groupId,
    state: row.state as KnownAction["state"],
    createdAt: Number(row.createdAt),
    finishedAt: row.finishedAt === null ? null : Number(row.finishedAt),
    epoch: row.epoch,
    dryRun: row.dryRun,
    source: row.source === "operator" ? "operator" : "planner",
  };
}

/** The actions the planner must know: everything active, and what finished recently. */
export async function knownActions(db: Db, now: number): Promise<{ actions: KnownAction[]; approvals: string[] }> {
  const rows = await db.recoveryAction.findMany({
    where: { OR: [{ state: { in: ["planned", "running"] } }, { createdAt: { gte: BigInt(now - KNOWN_ACTIONS_WINDOW_MS) } }] },
  });
  return { actions: rows.map(knownAction), approvals: rows.filter((r) => r.state === "planned" && r.approvedBy).map((r) => r.id) };
}

/**
 * Stores a planning round in one transaction: new actions (an existing id is updated, never
 * doubled: a restarted server re-plans the same ids), plans with their one-active-per-group
 * constraint, cancellations, the planner state and the audit trail.
 */
export async function recordPlanningRound(
  db: Db,
  round: { actions: PlannedAction[]; cancellations: { actionId: string; reason: string }[]; state: PlannerState; lease: LeaseHold },
  now: number,
): Promise<PlannedAction[]> {
  const toRun: PlannedAction[] = [];
  const fence = round.lease.fence;
  await db.$transaction(async (tx) => {
    // A deposed leader's round is refused whole: it never issues, cancels or forgets anything.
    await assertLeaseHeld(tx, round.lease, now);
    // Cancellations first: a plan that only waited for approval frees its group for the one that supersedes it.
    for (const cancel of round.cancellations) {
      await tx.recoveryAction.updateMany({ where: { id: cancel.actionId, state: "planned" }, data: { state: "cancelled", outcome: cancel.reason, finishedAt: BigInt(now) } });
    }
    for (const action of round.actions) {
      const existing = await tx.recoveryAction.findUnique({ where: { id: action.id } });
      if (existing && existing.state !== "planned") continue;
      if (!existing && action.kind === "promote") {
        // Fencing in the database itself: one promotion per group and epoch, whatever the planner
        // believes (its memory can be stale after a crash). A retry is allowed only after a failure.
        const rival = await tx.recoveryAction.findFirst({
          where: { groupId: action.groupId, kind: { in: ["promote", "switchover"] }, epoch: action.epoch, target: { not: action.target }, state: { in: ["running", "succeeded"] } },
        });
        if (rival) {
          if (!refusedPromotions.has(action.id)) {
            refusedPromotions.add(action.id);
            await tx.auditLog.create({
              data: { at: BigInt(now), actor: "vigil", action: "action.promote", target: action.target, epoch: action.epoch, outcome: "refused", detail: `${rival.target} was already promoted for ${action.groupId} at epoch ${action.epoch} (${rival.state})` },
            });
          }
          continue;
        }
      }
      if (!existing) {
        const plan = await tx.recoveryPlan.findUnique({ where: { id: action.planId } });
        if (!plan) {
          const busy = await tx.recoveryPlan.findUnique({ where: { activeGroup: action.groupId }, include: { actions: true } });
          if (busy) {
            if (busy.actions.some((a) => a.state === "planned" || a.state === "running")) continue;
            await tx.recoveryPlan.update({ where: { id: busy.id }, data: { state: finalPlanState(busy.actions), finishedAt: BigInt(now), activeGroup: null } });
          }
          await tx.recoveryPlan.create({
            data: {
              id: action.planId, groupId: action.groupId, kind: action.kind, state: "active", reason: action.reason,
              detail: JSON.stringify({ candidates: action.candidates ?? null }), createdAt: BigInt(now), activeGroup: action.groupId, fence,
            },
          });
        }
        await tx.recoveryAction.create({
          data: {
            id: action.id, planId: action.planId, kind: action.kind, target: action.target, groupId: action.groupId, state: action.state,
            reason: action.reason, epoch: action.epoch, args: JSON.stringify(action.args), dryRun: action.dryRun, source: "planner",
            step: action.step, timeoutMs: action.timeoutMs, createdAt: BigInt(now), startedAt: action.state === "running" ? BigInt(now) : null, fence,
          },
        });
        await tx.auditLog.create({
          data: { at: BigInt(now), actor: "vigil", action: `action.${action.kind}`, target: action.target, epoch: action.epoch, outcome: action.dryRun ? "dry-run" : action.awaitingApproval ? "awaiting approval" : action.state, detail: action.reason },
        });
      } else {
        await tx.recoveryAction.update({ where: { id: action.id }, data: { state: action.state, startedAt: action.state === "running" ? BigInt(now) : null } });
      }
      if (action.state === "running" && !action.dryRun) toRun.push(action);
    }
    const text = JSON.stringify(round.state);
    await tx.jobState.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, value: text }, update: { value: text } });
  });
  return toRun;
}

/** An action marked running (by the planner or an operator) that the recovery job must execute. */
export type RunningAction = {
  id: string;
  kind: string;
  target: string;
  groupId: string;
  epoch: number;
  args: { target?: string; weight?: number; hook?: string };
  timeoutMs: number;
  reason: string;
  step: string;
};

/** Every running action, or only those an operator started (`source: "operator"`). */
export async function runningActions(db: Db, source?: "operator"): Promise<RunningAction[]> {
  const rows = await db.recoveryAction.findMany({
    where: { state: "running", ...(source ? { source } : {}) },
    select: { id: true, kind: true, target: true, groupId: true, epoch: true, args: true, timeoutMs: true, reason: true, step: true },
  });
  return rows.map((row) => ({ ...row, args: JSON.parse(row.args) as RunningAction["args"] }));
}

export async function finishAction(db: Db, id: string, state: "succeeded" | "failed" | "timed_out", outcome: string, now: number): Promise<void> {
  const action = await db.recoveryAction.update({ where: { id }, data: { state, outcome, finishedAt: BigInt(now) } });
  await db.auditLog.create({ data: { at: BigInt(now), actor: "vigil", action: `action.${action.kind}`, target: action.target, epoch: action.epoch, outcome: state, detail: outcome } });
}

/**
 * A restart the agent carried out that left the node sick (lib/recovery/service-verdict.ts
 * `restartDidNotHeal`): its outcome says so, the state stays "succeeded" (it did run), and the
 * audit log records the verdict.
 */
export async function markActionDidNotHeal(db: Db, id: string, verdict: string, now: number): Promise<void> {
  const action = await db.recoveryAction.findUnique({ where: { id } });
  if (!action || action.state !== "succeeded") return;
  const outcome = `${verdict} (agent: ${action.outcome ?? "succeeded"})`;
  await db.recoveryAction.update({ where: { id }, data: { outcome } });
  await audit(db, { at: now, actor: "vigil", action: `action.${action.kind}`, target: action.target, epoch: action.epoch, outcome: "did-not-heal", detail: verdict });
}

/** A running action that must not go ahead after all (a veto, the kill switch): cancelled and audited, never executed. */
export async function cancelRunningAction(db: Db, id: string, auditOutcome: "vetoed" | "frozen", reason: string, now: number): Promise<void> {
  const updated = await db.recoveryAction.updateMany({ where: { id, state: "running" }, data: { state: "cancelled", outcome: reason, finishedAt: BigInt(now) } });
  if (updated.count === 0) return;
  const action = await db.recoveryAction.findUnique({ where: { id } });
  if (!action) return;
  await audit(db, { at: now, actor: "vigil", action: `action.${action.kind}`, target: action.target, epoch: action.epoch, outcome: auditOutcome, detail: reason });
}

type FinishedAction = { state: string; finishedAt: bigint | null };

/** How a plan whose actions all ended ended: by its last action (a failover's retry that worked completes it). */
function finalPlanState(actions: readonly FinishedAction[]): "completed" | "failed" | "cancelled" {
  const ran = actions.filter((a) => a.state !== "cancelled" && a.state !== "blocked");
  if (ran.length === 0) return "cancelled";
  const last = ran.reduce((latest, a) => ((a.finishedAt ?? 0n) >= (latest.finishedAt ?? 0n) ? a : latest));
  return last.state === "succeeded" ? "completed" : "failed";
}

/**
 * Plans whose actions all ended are closed, so the group can get a new one, except those the
 * planner still drives (a failover between its promote and the verification that issues the follows).
 */
export async function closeFinishedPlans(db: Db, now: number, stillDriven: ReadonlySet<string>): Promise<void> {
  const active = await db.recoveryPlan.findMany({ where: { state: "active" }, include: { actions: true } });
  for (const plan of active) {
    if (stillDriven.has(plan.id)) continue;
    if (plan.actions.some((a) => a.state === "planned" || a.state === "running")) continue;
    await db.recoveryPlan.update({ where: { id: plan.id }, data: { state: finalPlanState(plan.actions), finishedAt: BigInt(now), activeGroup: null } });
  }
}

export async function listActions(db: Db, query: ActionQuery): Promise<ActionList> {
  const rows = await db.recoveryAction.findMany({
    where: { ...(query.state ? { state: query.state } : {}), ...(query.groupId ? { groupId: query.groupId } : {}), ...(query.target ? { target: query.target } : {}) },
    orderBy: { createdAt: "desc" },
    take: query.limit,
  });
  return {
    items: rows.map((r) => ({
      id: r.id, kind: r.kind, target: r.target, state: r.state, reason: r.reason, epoch: r.epoch, createdAt: Number(r.createdAt),
      finishedAt: r.finishedAt === null ? null : Number(r.finishedAt), groupId: r.groupId, planId: r.planId, dryRun: r.dryRun, source: r.source,
      approvedBy: r.approvedBy, outcome: r.outcome, args: JSON.parse(r.args) as Record<string, unknown>, step: r.step,
    })),
  };
}

export async function approveAction(db: Db, id: string, by: string, now: number): Promise<void> {
  const updated = await db.recoveryAction.updateMany({ where: { id, state: "planned", dryRun: false }, data: { approvedBy: by } });
  if (updated.count === 0) throw new AppError("conflict", `action ${id} is not waiting for approval`);
  await audit(db, { at: now, actor: by, action: "action.approve", target: id, outcome: "approved" });
}

export async function cancelAction(db: Db, id: string, by: string, now: number): Promise<void> {
  const updated = await db.recoveryAction.updateMany({ where: { id, state: "planned" }, data: { state: "cancelled", finishedAt: BigInt(now), outcome: `cancelled by ${by}` } });
  if (updated.count === 0) throw new AppError("conflict", `action ${id} cannot be cancelled (only planned actions can)`);
  await audit(db, { at: now, actor: by, action: "action.cancel", target: id, outcome: "cancelled" });
}

/** Manual actions (an operator's promote, follow, restart, hook) are in ./manual-actions.ts, behind the planner's guards. */
export { RECOVERY_ACTION_KINDS };
