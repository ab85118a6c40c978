import { createHash } from "node:crypto";
import { z } from "zod";

/** Alert severities, most urgent first. Receivers filter on them. */
export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export type AlertStatus = "firing" | "resolved";
export type Labels = Record<string, string>;

/**
 * One alert as Alertmanager models it: identity is the label set (hashed into `fingerprint`),
 * annotations carry the human text and fast-moving values, so they never change identity.
 */
export type Alert = {
  fingerprint: string;
  labels: Labels;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  status: AlertStatus;
  generatorURL?: string;
};

/**
 * Stable hash of a label set: sha256 of the canonical JSON of the sorted pairs, 16 hex chars
 * (64 bits; collisions are negligible for the few thousand alerts a fleet holds at once).
 * Sorting makes it independent of object key order, so the same labels always give the same id.
 */
export function fingerprint(labels: Labels): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return createHash("sha256").update(JSON.stringify(pairs)).digest("hex").slice(0, 16);
}

/**
 * Builds a label set without the empty values: Alertmanager treats a missing label and an empty
 * one as the same, and dropping them keeps fingerprints independent of that choice.
 */
export function cleanLabels(labels: Record<string, string | null | undefined>): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels)) {
    if (value === null || value === undefined || value === "") continue;
    out[name] = value;
  }
  return out;
}

export function firingAlert(labels: Labels, annotations: Record<string, string>, startsAt: number): Alert {
  return { fingerprint: fingerprint(labels), labels, annotations, startsAt, endsAt: null, status: "firing" };
}

export function resolveAlert(alert: Alert, now: number): Alert {
  return { ...alert, status: "resolved", endsAt: now };
}

export function severityOf(alert: Alert): AlertSeverity | null {
  const parsed = alertSeveritySchema.safeParse(alert.labels.severity);
  return parsed.success ? parsed.data : null;
}
