import "server-only";
import type { Notification } from "../alerts";
import type { NotifiedTarget, PageEventInput, PageState, PageStatus } from "../paging/engine";
import type { PlanForPaging } from "../paging/recovery-view";
import type { PageRecovery } from "../webhooks/message";
import type { Db, Tx } from "./prisma";
import { RECOVERY_MEMORY_MS } from "../paging/recovery-view";

type PageRow = {
  id: string;
  groupKey: string;
  routeKind: string;
  routeId: string;
  title: string;
  groupLabels: string;
  status: string;
  step: number;
  cycle: number;
  nextEscalationAt: bigint | null;
  recovery: string | null;
  heldUntil: bigint | null;
  openedAt: bigint;
  updatedAt: bigint;
  acknowledgedAt: bigint | null;
  acknowledgedBy: string | null;
  resolvedAt: bigint | null;
  resolvedBy: string | null;
  resolution: string | null;
  incidentId: number | null;
  notification: string;
  notified: string;
  announced: string;
};

const num = (value: bigint | null): number | null => (value === null ? null : Number(value));
const big = (value: number | null): bigint | null => (value === null ? null : BigInt(value));

export function pageFromRow(row: PageRow): PageState {
  return {
    id: row.id,
    groupKey: row.groupKey,
    routeKind: row.routeKind === "policy" ? "policy" : "receiver",
    routeId: row.routeId,
    title: row.title,
    groupLabels: JSON.parse(row.groupLabels) as Record<string, string>,
    status: row.status as PageStatus,
    step: row.step,
    cycle: row.cycle,
    nextEscalationAt: num(row.nextEscalationAt),
    recovery: row.recovery === null ? null : (JSON.parse(row.recovery) as PageRecovery),
    heldUntil: num(row.heldUntil),
    openedAt: Number(row.openedAt),
    updatedAt: Number(row.updatedAt),
    acknowledgedAt: num(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: num(row.resolvedAt),
    resolvedBy: row.resolvedBy,
    resolution: row.resolution,
    incidentId: row.incidentId,
    notification: JSON.parse(row.notification) as Notification,
    notified: JSON.parse(row.notified) as NotifiedTarget[],
    announced: row.announced as PageStatus,
  };
}

function pageToRow(page: PageState): PageRow {
  return {
    id: page.id,
    groupKey: page.groupKey,
    routeKind: page.routeKind,
    routeId: page.routeId,
    title: page.title,
    groupLabels: JSON.stringify(page.groupLabels),
    status: page.status,
    step: page.step,
    cycle: page.cycle,
    nextEscalationAt: big(page.nextEscalationAt),
    recovery: page.recovery === null ? null : JSON.stringify(page.recovery),
    heldUntil: big(page.heldUntil),
    openedAt: BigInt(page.openedAt),
    updatedAt: BigInt(page.updatedAt),
    acknowledgedAt: big(page.acknowledgedAt),
    acknowledgedBy: page.acknowledgedBy,
    resolvedAt: big(page.resolvedAt),
    resolvedBy: page.resolvedBy,
    resolution: page.resolution,
    incidentId: page.incidentId,
    notification: JSON.stringify(page.notification),
    notified: JSON.stringify(page.notified),
    announced: page.announced,
  };
}

/** The pages the engine works on: open ones, and any whose last change (a person's) is not announced yet. */
export async function loadLivePages(db: Db): Promise<PageState[]> {
  const rows = await db.page.findMany({
    where: { OR: [{ status: { in: ["triggered", "acknowledged"] } }, { status: "resolved", announced: { not: "resolved" } }] },
    orderBy: { openedAt: "asc" },
  });
  return rows.map(pageFromRow);
}

/** Recovery plans that can still say something to a page: running ones and recent outcomes. */
export async function recoveryPlansForPaging(db: Db, now: number): Promise<PlanForPaging[]> {
  const rows = await db.recoveryPlan.findMany({
    where: { OR: [{ state: "active" }, { finishedAt: { gte: BigInt(now - RECOVERY_MEMORY_MS) } }] },
    include: { actions: true },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.map((plan) => ({
    id: plan.id,
    groupId: plan.groupId,
    kind: plan.kind,
    state: plan.state,
    reason: plan.reason,
    createdAt: Number(plan.createdAt),
    finishedAt: num(plan.finishedAt),
    actions: plan.actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      target: a.target,
      state: a.state,
      dryRun: a.dryRun,
      approvedBy: a.approvedBy,
      createdAt: Number(a.createdAt),
      startedAt: num(a.startedAt),
      finishedAt: num(a.finishedAt),
      timeoutMs: a.timeoutMs,
      outcome: a.outcome,
    })),
  }));
}

/**
 * Writes the engine's page changes inside the alert round's transaction. A page a person acted on
 * while the round ran keeps that person's status: the round's copy only adds what the engine did.
 */
export async function writePageChanges(tx: Tx, pages: readonly PageState[], events: readonly PageEventInput[]): Promise<void> {
  for (const page of pages) {
    const row = pageToRow(page);
    const stored = await tx.page.findUnique({ where: { id: page.id }, select: { status: true, announced: true } });
    if (!stored) {
      await tx.page.create({ data: row });
      continue;
    }
    const personActed = stored.status !== page.status && stored.status !== "triggered" && page.status !== "resolved";
    const { id: _id, ...data } = row;
    if (!personActed) {
      await tx.page.update({ where: { id: page.id }, data });
      continue;
    }
    const { status: _status, announced: _announced, acknowledgedAt: _ackAt, acknowledgedBy: _ackBy, resolvedAt: _resAt, resolvedBy: _resBy, resolution: _res, nextEscalationAt: _next, ...engineOnly } = data;
    await tx.page.update({ where: { id: page.id }, data: engineOnly });
  }
  if (events.length) {
    await tx.pageEvent.createMany({ data: events.map((e) => ({ pageId: e.pageId, at: BigInt(e.at), kind: e.kind, message: e.message.slice(0, 2000), actor: e.actor ?? "vigil" })) });
  }
}
