import "server-only";
import type { Alert } from "../alerts";
import type { AlertmanagerWebhook } from "../protocol/api/alerts";
import type { Db } from "./prisma";
import { fingerprint } from "../alerts";

const ZERO_TIME_PREFIX = "0001-01-01";

/** Stores Prometheus alerts so they are routed, silenced and grouped like Vigil's own. */
export async function receiveAlertmanagerWebhook(db: Db, body: AlertmanagerWebhook, now: number): Promise<{ accepted: number }> {
  for (const alert of body.alerts) {
    const labels = { ...alert.labels, source: "alertmanager" };
    const endsAt = alert.endsAt && !alert.endsAt.startsWith(ZERO_TIME_PREFIX) ? Date.parse(alert.endsAt) : null;
    const data = {
      source: "alertmanager",
      labels: JSON.stringify(labels),
      annotations: JSON.stringify(alert.annotations ?? {}),
      status: alert.status,
      startsAt: BigInt(Date.parse(alert.startsAt)),
      endsAt: endsAt === null || Number.isNaN(endsAt) ? null : BigInt(endsAt),
      updatedAt: BigInt(now),
    };
    const id = `am:${alert.fingerprint ?? fingerprint(alert.labels)}`;
    await db.alertState.upsert({ where: { fingerprint: id }, create: { fingerprint: id, ...data }, update: data });
  }
  return { accepted: body.alerts.length };
}

/** Received alerts still firing: `endsAt` in the past means Alertmanager stopped resending them. */
export async function firingIncomingAlerts(db: Db, now: number): Promise<Alert[]> {
  const rows = await db.alertState.findMany({ where: { source: "alertmanager", status: "firing" } });
  return rows
    .filter((row) => row.endsAt === null || Number(row.endsAt) > now)
    .map((row) => ({
      fingerprint: row.fingerprint,
      labels: JSON.parse(row.labels) as Record<string, string>,
      annotations: JSON.parse(row.annotations) as Record<string, string>,
      status: "firing" as const,
      startsAt: Number(row.startsAt),
      endsAt: null,
    }));
}
