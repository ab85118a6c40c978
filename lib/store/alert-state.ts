import "server-only";
import type { Alert, EvaluatorState, RouterState } from "../alerts";
import type { Delivery, WebhookReceiver } from "../webhooks";
import type { Db } from "./prisma";
import { emptyEvaluatorState, emptyRouterState } from "../alerts";
import type { PageEventInput, PageState } from "../paging/engine";
import { receiverRowToWebhookReceiver } from "./outbox";
import { writePageChanges } from "./paging-round";

const STATE_KEY = "alerts.state";

/** What the alert job carries from one round to the next (the evaluator's and the router's memory). */
export type AlertJobState = { evaluator: EvaluatorState; router: RouterState };

export type OutlierRow = { nodeId: string; groupId: number; outlierMetrics: string | null };
export type LatestGroupingRun = { groups: string; nodes: number };

/** The committed state, or empty state when none (or an unreadable one) is stored. */
export async function loadAlertJobState(db: Db): Promise<AlertJobState> {
  const row = await db.jobState.findUnique({ where: { key: STATE_KEY } });
  if (!row) return { evaluator: emptyEvaluatorState(), router: emptyRouterState() };
  try {
    return JSON.parse(row.value) as AlertJobState;
  } catch {
    return { evaluator: emptyEvaluatorState(), router: emptyRouterState() };
  }
}

export async function currentOutliers(db: Db): Promise<OutlierRow[]> {
  return db.nodeGroup.findMany({ where: { outlier: true }, select: { nodeId: true, groupId: true, outlierMetrics: true } });
}

export async function latestGroupingRun(db: Db): Promise<LatestGroupingRun | null> {
  return db.groupingRun.findFirst({ orderBy: { id: "desc" }, select: { groups: true, nodes: true } });
}

export async function webhookReceiversById(db: Db, ids: string[]): Promise<WebhookReceiver[]> {
  if (ids.length === 0) return [];
  const rows = await db.receiver.findMany({ where: { id: { in: ids } } });
  return rows.map(receiverRowToWebhookReceiver);
}

/**
 * One alert round in ONE transaction: the alerts whose status changed, the webhooks they cause
 * (into the outbox) and the job's state, so a crash can neither lose a page nor send one twice.
 */
export async function commitAlertRound(
  db: Db,
  round: { changedAlerts: Alert[]; deliveries: Delivery[]; state: AlertJobState; now: number; pages?: readonly PageState[]; pageEvents?: readonly PageEventInput[] },
): Promise<void> {
  const value = JSON.stringify(round.state);
  await db.$transaction(async (tx) => {
    for (const alert of round.changedAlerts) {
      const data = {
        labels: JSON.stringify(alert.labels),
        annotations: JSON.stringify(alert.annotations),
        status: alert.status,
        startsAt: BigInt(alert.startsAt),
        endsAt: alert.endsAt === null ? null : BigInt(alert.endsAt),
        updatedAt: BigInt(round.now),
      };
      await tx.alertState.upsert({ where: { fingerprint: alert.fingerprint }, create: { fingerprint: alert.fingerprint, ...data }, update: data });
    }
    for (const d of round.deliveries) {
      await tx.delivery.create({
        data: { webhookId: d.webhookId, receiverId: d.receiverId, groupKey: d.groupKey, seq: d.seq, status: "pending", body: d.body, nextAttemptAt: BigInt(d.nextAttemptAt), createdAt: BigInt(d.createdAt) },
      });
    }
    await writePageChanges(tx, round.pages ?? [], round.pageEvents ?? []);
    await tx.jobState.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, value }, update: { value } });
  });
}
