import "server-only";
import type { Block, FailoverCandidate, Freeze } from "../recovery";
import type { RecoveryStatus } from "../protocol/api/recovery";
import type { Db } from "./prisma";
import { getConfig } from "../config";
import { failoverTimeBreakdown } from "../recovery";
import { loadKillSwitch, loadPolicies } from "./recovery";

const VIEW_KEY = "recovery.view";

/** What the planner currently holds back and why: stored when it changes, for the API and UI. */
export type RecoveryView = { at: number; blocks: Block[]; freezes: Freeze[]; rankings: { groupId: string; candidates: FailoverCandidate[] }[] };

export async function saveRecoveryView(db: Db, view: RecoveryView): Promise<void> {
  const value = JSON.stringify(view);
  await db.jobState.upsert({ where: { key: VIEW_KEY }, create: { key: VIEW_KEY, value }, update: { value } });
}

/** The planner's latest view (what it freezes and blocks), as stored by its last round that changed it. */
export async function loadRecoveryView(db: Db, now: number): Promise<RecoveryView> {
  const row = await db.jobState.findUnique({ where: { key: VIEW_KEY } });
  return row ? (JSON.parse(row.value) as RecoveryView) : { at: now, blocks: [], freezes: [], rankings: [] };
}

/** The Recovery page's first paint: kill switch, freezes, blocks, rankings, plans, worst-case failover time. */
export async function recoveryStatus(db: Db, now: number): Promise<RecoveryStatus> {
  const [row, killSwitch, policies, plans] = await Promise.all([
    db.jobState.findUnique({ where: { key: VIEW_KEY } }),
    loadKillSwitch(db),
    loadPolicies(db),
    db.recoveryPlan.findMany({ orderBy: { createdAt: "desc" }, take: 50, include: { actions: { orderBy: { createdAt: "asc" } } } }),
  ]);
  const view: RecoveryView = row ? (JSON.parse(row.value) as RecoveryView) : { at: now, blocks: [], freezes: [], rankings: [] };
  const detection = getConfig().detection;
  return {
    ...view,
    killSwitch,
    mode: policies.default.mode,
    worstCaseFailover: failoverTimeBreakdown(detection, policies.default),
    plans: plans.map((plan) => ({
      id: plan.id,
      groupId: plan.groupId,
      kind: plan.kind,
      state: plan.state,
      reason: plan.reason,
      createdAt: Number(plan.createdAt),
      finishedAt: plan.finishedAt === null ? null : Number(plan.finishedAt),
      detail: JSON.parse(plan.detail) as unknown,
      actions: plan.actions.map((a) => ({ id: a.id, kind: a.kind, target: a.target, state: a.state, epoch: a.epoch, outcome: a.outcome, reason: a.reason, step: a.step })),
    })),
  };
}
