import "server-only";
import type { RecoveryAction } from "../generated/prisma/client";
import type { CreatedSwitchover, DrainPrimaries, DrainPrimariesBody, SwitchoverPreviewQuery, SwitchoverPreviewView, SwitchoverRequest, SwitchoverRun } from "../protocol/api/replica-groups";
import type { NodeView } from "../protocol/views";
import type { Db } from "./prisma";
import type { Role } from "../protocol/common";
import { AppError } from "../errors";
import { policyForGroup, type GuardViolation } from "../recovery";
import { checkSwitchoverGuards, previewSwitchover, SWITCHOVER_DEFAULTS, writePauseMs, type SwitchoverPreview, type SwitchoverStep } from "../recovery/switchover";
import type { ReplicaGroupStatus } from "../replication";
import { guardContextNow } from "./guard-context";
import { audit, loadKillSwitch } from "./recovery";

/** Who asks (as in ./manual-actions.ts, not imported from there: that module delegates approvals here). */
type Requester = { name: string; role: Role };

/** What a switchover row keeps in `args`: its request, who must still approve it, and its timeline as it runs. */
export type SwitchoverArgs = {
  /** The node to promote (also the row's `target`). */
  target: string;
  /** The primary it hands over from, as recognised at the request. */
  from: string;
  maxLagMs?: number;
  deadlineMs: number;
  at?: number;
  overrides?: string[];
  /** Who must approve before it runs; null once approved (or when none was needed). */
  awaiting: "approval" | "admin" | null;
  timeline?: SwitchoverStep[];
};

/** Each member's data address as the group knows it (null when unknown or claimed by two members). */
export function addressesOf(group: Pick<ReplicaGroupStatus, "members">): Record<string, string | null> {
  return Object.fromEntries(group.members.map((member) => [member.nodeId, member.address ?? null]));
}

type Context = { group: ReplicaGroupStatus; nodes: NodeView[]; preview: SwitchoverPreview; violations: GuardViolation[]; mode: string };

/** The preflight and the failover's guards as they stand now, over the live fleet. */
async function switchoverContext(db: Db, groupId: string, query: SwitchoverPreviewQuery, now: number, selfId: string | null = null): Promise<Context> {
  const { nodes, groups, policies, plannerState, acknowledgements, freezes, maintenance: maintenanceScope, actions } = await guardContextNow(db, now);
  const group = groups.find((entry) => entry.id === groupId && !entry.implicit) ?? groups.find((entry) => entry.id === groupId);
  if (!group) throw new AppError("not_found", `no replica group ${groupId}`);
  const nodesById = new Map(nodes.map((node) => [node.id, node]));
  const addresses = addressesOf(group);
  const policy = policyForGroup(policies, group.id);
  const preview = previewSwitchover({
    group, nodesById, policy: policy.failover, now, addresses, maintenanceNodeIds: new Set(maintenanceScope.nodeIds), target: query.target ?? null, maxLagMs: query.maxLagMs ?? null,
  });
  const violations = checkSwitchoverGuards({ now, plannerState, acknowledgements, freezes, maintenance: maintenanceScope, actions, group, policy, selfId }, preview);
  return { group, nodes, preview, violations, mode: policy.mode };
}

function parseArgs(row: Pick<RecoveryAction, "args">): SwitchoverArgs {
  return JSON.parse(row.args) as SwitchoverArgs;
}

function runOf(row: RecoveryAction): SwitchoverRun {
  const args = parseArgs(row);
  const timeline = args.timeline ?? [];
  return {
    id: row.id, groupId: row.groupId, state: row.state, fromId: args.from ?? null, targetId: row.target, epoch: row.epoch, step: row.step, reason: row.reason,
    awaiting: row.state === "planned" ? (args.awaiting ?? null) : null, at: args.at ?? null, createdAt: Number(row.createdAt),
    finishedAt: row.finishedAt === null ? null : Number(row.finishedAt), outcome: row.outcome, timeline, writePauseMs: writePauseMs(timeline),
  };
}

export async function loadSwitchover(db: Db, id: string): Promise<{ run: SwitchoverRun; args: SwitchoverArgs } | null> {
  const row = await db.recoveryAction.findUnique({ where: { id } });
  if (!row || row.kind !== "switchover") return null;
  return { run: runOf(row), args: parseArgs(row) };
}

/** `GET /api/v1/replica-groups/{id}/switchover`: what a switchover would do now, and the latest one. */
export async function switchoverPreview(db: Db, groupId: string, query: SwitchoverPreviewQuery, now: number): Promise<SwitchoverPreviewView> {
  const context = await switchoverContext(db, groupId, query, now);
  const latest = await db.recoveryAction.findFirst({ where: { groupId: context.group.id, kind: "switchover" }, orderBy: { createdAt: "desc" } });
  return { ...context.preview, violations: context.violations, mode: context.mode, latest: latest ? runOf(latest) : null };
}

function describe(violations: readonly GuardViolation[]): string {
  return violations.map((entry) => `${entry.guard}: ${entry.message}`).join("; ");
}

/**
 * Records a switchover for the recovery loop to run (lib/control/switchover-runner.ts). Refused
 * (409, audited) while the preflight finds a problem, or a guard is in the way and not forced.
 * It waits (state "planned") for an operator's approval under the group's approval mode, for an
 * admin's when an operator forced guards, and for `at` when that is still ahead.
 */
export async function requestSwitchover(db: Db, groupId: string, input: SwitchoverRequest, requester: Requester, now: number): Promise<CreatedSwitchover> {
  const by = requester.name;
  const refuse = async (message: string, details?: Record<string, unknown>, epoch?: number): Promise<never> => {
    await audit(db, { at: now, actor: by, action: "action.switchover", target: groupId, epoch: epoch ?? null, outcome: "refused", detail: `${input.reason}; ${message}` });
    throw new AppError("conflict", `switchover of ${groupId} refused: ${message}`, details ? { details } : undefined);
  };
  const killSwitch = await loadKillSwitch(db);
  if (killSwitch.frozen) await refuse(`recovery is frozen by ${killSwitch.by ?? "an operator"}${killSwitch.reason ? ` (${killSwitch.reason})` : ""}: unfreeze it first`);
  const { group, preview, violations, mode } = await switchoverContext(db, groupId, { target: input.target, maxLagMs: input.maxLagMs }, now);
  if (preview.problems.length > 0 || !preview.targetId || !preview.primaryId) await refuse(`preflight: ${preview.problems.join("; ")}`, { problems: preview.problems }, group.epoch);
  if (violations.length > 0 && !input.force) await refuse(`guards (force: true with a reason overrides them): ${describe(violations)}`, { violations }, group.epoch);
  const targetId = preview.targetId as string;
  const fromId = preview.primaryId as string;
  const overrides = violations.map((entry) => entry.guard);
  const awaiting: SwitchoverArgs["awaiting"] = overrides.length > 0 && requester.role !== "admin" ? "admin" : mode === "approval" ? "approval" : null;
  const due = input.at === undefined || input.at <= now;
  const state = awaiting === null && due ? "running" : "planned";
  const id = `switchover-${group.id.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40)}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const args: SwitchoverArgs = {
    target: targetId, from: fromId, deadlineMs: input.deadlineMs ?? SWITCHOVER_DEFAULTS.deadlineMs, awaiting,
    ...(input.maxLagMs !== undefined ? { maxLagMs: input.maxLagMs } : {}), ...(input.at !== undefined ? { at: input.at } : {}), ...(overrides.length > 0 ? { overrides } : {}),
  };
  const forced = overrides.length > 0 ? `; forced over ${overrides.join(", ")}` : "";
  const outcome = awaiting === "admin" ? "awaiting admin approval" : awaiting === "approval" ? "awaiting approval" : due ? "requested" : `scheduled for ${new Date(input.at as number).toISOString()}`;
  await db.$transaction(async (tx) => {
    const busy = await tx.recoveryAction.findFirst({ where: { groupId: group.id, state: { in: ["planned", "running"] }, dryRun: false } });
    if (busy && overrides.length === 0) {
      throw new AppError("conflict", `switchover of ${group.id} refused: ${busy.kind} of ${busy.target} (${busy.id}, ${busy.state}) is already under way, and a group has one recovery plan at a time`);
    }
    await tx.recoveryAction.create({
      data: {
        id, kind: "switchover", target: targetId, groupId: group.id, state, reason: `${input.reason} (by ${by}${forced}): ${fromId} → ${targetId}`, epoch: group.epoch,
        args: JSON.stringify(args), source: "operator", step: state === "running" ? "starting" : outcome, timeoutMs: args.deadlineMs + SWITCHOVER_DEFAULTS.completeMs,
        createdAt: BigInt(now), startedAt: state === "running" ? BigInt(now) : null,
      },
    });
    await tx.auditLog.create({
      data: {
        at: BigInt(now), actor: by, action: "action.switchover", target: group.id, epoch: group.epoch, outcome,
        detail: `${input.reason}: ${fromId} → ${targetId} (${id})${forced ? `${forced} (${describe(violations)})` : ""}`,
      },
    });
  });
  return { id, state, epoch: group.epoch, fromId, targetId, awaiting, overridden: overrides };
}

/** Approves a waiting switchover: any operator under approval mode, an admin when it overrides guards. */
export async function approveSwitchover(db: Db, id: string, requester: Requester, now: number): Promise<void> {
  const row = await db.recoveryAction.findUnique({ where: { id } });
  if (!row || row.kind !== "switchover" || row.state !== "planned") throw new AppError("conflict", `action ${id} is not waiting for approval`);
  const args = parseArgs(row);
  if (args.awaiting === "admin" && requester.role !== "admin") {
    throw new AppError("forbidden", `the switchover of ${row.groupId} overrides guards (${(args.overrides ?? []).join(", ")}): only an admin may approve it`);
  }
  if (args.awaiting === null) throw new AppError("conflict", `action ${id} needs no approval (it waits for ${args.at ? new Date(args.at).toISOString() : "its start"})`);
  const due = args.at === undefined || args.at <= now;
  const updated = await db.recoveryAction.updateMany({
    where: { id, state: "planned" },
    data: { approvedBy: requester.name, args: JSON.stringify({ ...args, awaiting: null }), ...(due ? { state: "running", startedAt: BigInt(now), step: "starting" } : { step: `scheduled for ${new Date(args.at as number).toISOString()}` }) },
  });
  if (updated.count === 0) throw new AppError("conflict", `action ${id} is not waiting for approval`);
  await audit(db, { at: now, actor: requester.name, action: "action.approve", target: id, epoch: row.epoch, outcome: "approved", detail: `switchover of ${row.groupId}: ${args.from} → ${row.target}` });
}

/** Scheduled switchovers whose time has come (and that need no approval) start: the recovery loop runs them. */
export async function startDueSwitchovers(db: Db, now: number): Promise<number> {
  const waiting = await db.recoveryAction.findMany({ where: { kind: "switchover", state: "planned" } });
  let started = 0;
  for (const row of waiting) {
    const args = parseArgs(row);
    if (args.awaiting !== null || (args.at !== undefined && args.at > now)) continue;
    const updated = await db.recoveryAction.updateMany({ where: { id: row.id, state: "planned" }, data: { state: "running", startedAt: BigInt(now), step: "starting" } });
    if (updated.count === 0) continue;
    started += 1;
    await audit(db, { at: now, actor: "vigil", action: "action.switchover", target: row.groupId, epoch: row.epoch, outcome: "running", detail: `scheduled switchover ${row.id} is due: ${args.from} → ${row.target}` });
  }
  return started;
}

/**
 * Fencing in the database, like a failover's promote: one promotion per group and epoch. The
 * switchover takes the group's next epoch before it pauses anything; a rival promotion (or
 * switchover) holding it refuses this one.
 */
export async function reserveSwitchoverEpoch(db: Db, id: string, groupId: string, newEpoch: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const rival = await tx.recoveryAction.findFirst({
      where: { groupId, kind: { in: ["promote", "switchover"] }, epoch: newEpoch, state: { in: ["planned", "running", "succeeded"] }, id: { not: id } },
    });
    if (rival) throw new AppError("conflict", `${rival.target} was already promoted for ${groupId} at epoch ${newEpoch} (${rival.id}, ${rival.state}): one promotion per group and epoch`);
    await tx.recoveryAction.update({ where: { id }, data: { epoch: newEpoch } });
  });
}

/** The timeline so far and the step under way: what the replica-group page shows live. */
export async function recordSwitchoverProgress(db: Db, id: string, step: string, timeline: readonly SwitchoverStep[]): Promise<void> {
  const row = await db.recoveryAction.findUnique({ where: { id }, select: { args: true, state: true } });
  if (!row || row.state !== "running") return;
  await db.recoveryAction.update({ where: { id }, data: { step, args: JSON.stringify({ ...parseArgs(row), timeline }) } });
}

/** "Drain primaries off this node": a switchover for every declared group it is the recognised primary of. */
export async function drainPrimaries(db: Db, nodeId: string, input: DrainPrimariesBody, requester: Requester, now: number): Promise<DrainPrimaries> {
  const node = await db.node.findUnique({ where: { id: nodeId }, select: { id: true } });
  if (!node) throw new AppError("not_found", `no node ${nodeId}`);
  const { groups } = await guardContextNow(db, now);
  const led = groups.filter((group) => !group.implicit && group.primaryId === nodeId);
  const items: DrainPrimaries["items"] = [];
  for (const group of led) {
    try {
      const created = await requestSwitchover(db, group.id, { reason: `${input.reason} (drain ${nodeId})`, force: input.force, ...(input.maxLagMs !== undefined ? { maxLagMs: input.maxLagMs } : {}), ...(input.deadlineMs !== undefined ? { deadlineMs: input.deadlineMs } : {}) }, requester, now);
      items.push({ groupId: group.id, created, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      items.push({ groupId: group.id, created: null, error: error.message });
    }
  }
  await audit(db, { at: now, actor: requester.name, action: "action.switchover", target: nodeId, outcome: led.length === 0 ? "nothing to drain" : `drain: ${items.filter((item) => item.created).length} of ${led.length} requested`, detail: items.map((item) => `${item.groupId}: ${item.created ? item.created.id : item.error}`).join("; ") || `${nodeId} leads no replica group` });
  return { nodeId, items };
}
