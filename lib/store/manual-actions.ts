import "server-only";
import type { CreatedAction, ManualAction } from "../protocol/api/recovery";
import type { Role } from "../protocol/common";
import type { Db, Tx } from "./prisma";
import { AppError } from "../errors";
import { checkManualAction, describeViolations, type GuardViolation, type ManualCheck, type ManualRequest } from "../recovery";
import { guardContextNow } from "./guard-context";
import { approveAction as approvePlannedAction, audit, loadKillSwitch } from "./recovery";
import { approveSwitchover } from "./switchover";

/** Who asks: the name goes into the audit log, the role decides what `force` may do. */
export type Requester = { name: string; role: Role };

/** Stored in the action's args: the guards an operator's forced action overrides (an admin must approve it). */
type StoredArgs = { target?: string; hook?: string; overrides?: string[] };

/** The guards as the planner would apply them now: live fleet, stored epochs, its memory, freezes and maintenance. */
async function checkNow(db: Db, request: ManualRequest, now: number, awaitingId: string | null = null): Promise<ManualCheck> {
  const context = await guardContextNow(db, now);
  return checkManualAction(request, {
    ...context,
    now,
    // An action awaiting approval is no other plan in the way of itself.
    actions: context.actions.filter((action) => action.id !== awaitingId),
  });
}

function refusal(kind: string, target: string, violations: readonly GuardViolation[], why: string): AppError {
  return new AppError("conflict", `${kind} of ${target} refused${why}: ${describeViolations(violations)}`, { details: { violations } });
}

async function assertNotFrozen(db: Db, input: ManualAction, by: string, now: number): Promise<void> {
  const killSwitch = await loadKillSwitch(db);
  if (!killSwitch.frozen) return;
  const message = `recovery is frozen by ${killSwitch.by ?? "an operator"}${killSwitch.reason ? ` (${killSwitch.reason})` : ""}: unfreeze it before running an action`;
  await audit(db, { at: now, actor: by, action: `action.${input.kind}`, target: input.target, outcome: "refused", detail: `${input.reason}; ${message}` });
  throw new AppError("conflict", message);
}

/**
 * A manual action, recorded like the planner's and executed by the recovery loop, after the
 * planner's guards (lib/recovery/manual-guards.ts). A violation refuses it (409, the guards in
 * `details.violations`) unless forced with a reason: an admin's then runs, an operator's waits
 * for an admin's approval. A promote carries the group's next epoch and, like the planner's, is
 * fenced in the database: one promotion per group and epoch.
 */
export async function createManualAction(db: Db, input: ManualAction, requester: Requester, now: number): Promise<CreatedAction> {
  const by = requester.name;
  await assertNotFrozen(db, input, by, now);
  const node = await db.node.findUnique({ where: { id: input.target }, select: { id: true } });
  if (!node) throw new AppError("not_found", `no node ${input.target}`);
  const check = await checkNow(db, { kind: input.kind, target: input.target, source: input.args.target ?? null }, now);
  const { violations } = check;
  const absolute = violations.filter((entry) => !entry.overridable);
  if (absolute.length > 0 || (violations.length > 0 && !input.force)) {
    const why = absolute.length > 0 ? " (force cannot lift these)" : " (force: true with a reason overrides them)";
    await audit(db, { at: now, actor: by, action: `action.${input.kind}`, target: input.target, epoch: check.epoch, outcome: "refused", detail: `${input.reason}; guards: ${describeViolations(violations)}` });
    throw refusal(input.kind, input.target, violations, why);
  }
  const overrides = violations.map((entry) => entry.guard);
  const awaitingAdmin = overrides.length > 0 && requester.role !== "admin";
  const state = awaitingAdmin ? "planned" : "running";
  const forced = overrides.length > 0 ? `; forced over ${overrides.join(", ")}` : "";
  const id = `manual-${input.kind}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const args: StoredArgs = { ...input.args, ...(overrides.length > 0 ? { overrides } : {}) };
  const groupId = check.groupId ?? input.target;
  await db.$transaction(async (tx) => {
    if (input.kind === "promote") await assertNoRivalPromotion(tx, groupId, check.epoch);
    await tx.recoveryAction.create({
      data: {
        id, kind: input.kind, target: input.target, groupId, state, reason: `${input.reason} (by ${by}${forced})`, epoch: check.epoch, args: JSON.stringify(args),
        source: "operator", step: overrides.length > 0 ? "manual (forced)" : "manual", createdAt: BigInt(now), startedAt: state === "running" ? BigInt(now) : null,
      },
    });
    await tx.auditLog.create({
      data: {
        at: BigInt(now), actor: by, action: `action.${input.kind}`, target: input.target, epoch: check.epoch,
        outcome: awaitingAdmin ? "awaiting approval" : "requested", detail: `${input.reason}${forced ? `${forced} (${describeViolations(violations)})` : ""}`,
      },
    });
  });
  return { id, state, epoch: check.epoch, overridden: overrides };
}


async function assertNoRivalPromotion(tx: Tx, groupId: string, epoch: number, awaitingId: string | null = null): Promise<void> {
  // Planned ones too: a promotion awaiting approval at this epoch would otherwise run beside this one.
  const rival = await tx.recoveryAction.findFirst({
    where: { groupId, kind: { in: ["promote", "switchover"] }, epoch, state: { in: ["planned", "running", "succeeded"] }, ...(awaitingId ? { id: { not: awaitingId } } : {}) },
  });
  if (!rival) return;
  throw new AppError("conflict", `${rival.target} was already promoted for ${groupId} at epoch ${epoch} (${rival.id}, ${rival.state}): one promotion per group and epoch`, {
    details: { violations: [{ guard: "epoch", message: `a promotion of ${rival.target} holds epoch ${epoch}`, overridable: false }] },
  });
}

/**
 * Approves a planned action. The planner's wait for any operator (approval mode); an operator's
 * forced manual action waits for an admin, who overrides the guards as they stand now: they are
 * checked again, the promote's epoch taken afresh, and the action starts.
 */
export async function approveAction(db: Db, id: string, requester: Requester, now: number): Promise<void> {
  const row = await db.recoveryAction.findUnique({ where: { id } });
  if (row?.kind === "switchover") {
    await approveSwitchover(db, id, requester, now);
    return;
  }
  if (!row || row.source !== "operator") {
    await approvePlannedAction(db, id, requester.name, now);
    return;
  }
  if (row.state !== "planned") throw new AppError("conflict", `action ${id} is not waiting for approval`);
  const args = JSON.parse(row.args) as StoredArgs;
  if (requester.role !== "admin") throw new AppError("forbidden", `${row.kind} of ${row.target} overrides guards (${(args.overrides ?? []).join(", ")}): only an admin may approve it`);
  const kind = row.kind as ManualRequest["kind"];
  const check = await checkNow(db, { kind, target: row.target, source: args.target ?? null }, now, id);
  const { violations } = check;
  const absolute = violations.filter((entry) => !entry.overridable);
  if (absolute.length > 0) throw refusal(row.kind, row.target, absolute, " (force cannot lift these)");
  const overrides = violations.map((entry) => entry.guard);
  await db.$transaction(async (tx) => {
    if (kind === "promote") await assertNoRivalPromotion(tx, row.groupId, check.epoch, id);
    const updated = await tx.recoveryAction.updateMany({
      where: { id, state: "planned" },
      data: { state: "running", startedAt: BigInt(now), approvedBy: requester.name, epoch: check.epoch, args: JSON.stringify({ ...args, overrides }) },
    });
    if (updated.count === 0) throw new AppError("conflict", `action ${id} is not waiting for approval`);
    await tx.auditLog.create({
      data: {
        at: BigInt(now), actor: requester.name, action: "action.approve", target: id, epoch: check.epoch, outcome: "approved",
        detail: `${row.kind} of ${row.target}${overrides.length > 0 ? `; forced over ${overrides.join(", ")} (${describeViolations(violations)})` : ""}`,
      },
    });
  });
}
