import "server-only";
import { z } from "zod";
import type { Alert } from "../alerts";
import type { Db } from "./prisma";
import { fingerprint } from "../alerts";

const labelSetSchema = z.record(z.string().min(1).max(256), z.string().max(4096)).refine((l) => Object.keys(l).length <= 64, "at most 64 labels");

/** Alertmanager's webhook body (version 4), as Prometheus' Alertmanager sends it to us. */
export const alertmanagerWebhookSchema = z.object({
  version: z.string().max(8).optional(),
  status: z.enum(["firing", "resolved"]).optional(),
  receiver: z.string().max(256).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels: labelSetSchema,
        annotations: labelSetSchema.optional(),
        startsAt: z.string().datetime({ offset: true }),
        endsAt: z.string().optional(),
        generatorURL: z.string().max(2048).optional(),
        fingerprint: z.string().max(64).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

const ZERO_TIME_PREFIX = "0001-01-01";

/** Stores Prometheus alerts so they are routed, silenced and grouped like Vigil's own. */
export async function receiveAlertmanagerWebhook(db: Db, body: z.infer<typeof alertmanagerWebhookSchema>, now: number): Promise<{ accepted: number }> {
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
