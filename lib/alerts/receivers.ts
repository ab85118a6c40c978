import { z } from "zod";
import { alertSeveritySchema, severityOf, type Alert, type Labels } from "./alert";
import { labelNameSchema, matchesAll, matcherSchema } from "./matchers";

const HOUR_MS = 3_600_000;

/**
 * Who gets which alerts and how they are batched (Alertmanager's route options, one route per
 * receiver: every receiver sees every alert its filters accept).
 * `groupBy: ["..."]` groups by every label, i.e. one group per alert.
 */
export const receiverSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  groupBy: z.array(z.union([z.literal("..."), labelNameSchema])).max(32).default(["alertname"]),
  groupWaitMs: z.number().int().min(0).max(HOUR_MS).default(30_000),
  groupIntervalMs: z.number().int().min(1_000).max(24 * HOUR_MS).default(5 * 60_000),
  repeatIntervalMs: z.number().int().min(60_000).max(30 * 24 * HOUR_MS).default(4 * HOUR_MS),
  sendResolved: z.boolean().default(true),
  severities: z.array(alertSeveritySchema).min(1).optional(),
  matchers: z.array(matcherSchema).max(32).optional(),
});
export type Receiver = z.infer<typeof receiverSchema>;
export type ReceiverInput = z.input<typeof receiverSchema>;

/** Whether the receiver's severity filter and matchers accept the alert. */
export function receiverAccepts(receiver: Receiver, alert: Alert): boolean {
  if (receiver.severities) {
    const severity = severityOf(alert);
    if (severity === null || !receiver.severities.includes(severity)) return false;
  }
  return matchesAll(receiver.matchers ?? [], alert.labels);
}

/** The alert's values of the receiver's groupBy labels; absent labels are left out, as in Alertmanager. */
export function groupLabelsFor(receiver: Receiver, alert: Alert): Labels {
  if (receiver.groupBy.includes("...")) return { ...alert.labels };
  const out: Labels = {};
  for (const name of receiver.groupBy) if (alert.labels[name] !== undefined) out[name] = alert.labels[name];
  return out;
}

/** `<receiver id>:<canonical JSON of the sorted group labels>`: unique per receiver and group. */
export function groupKeyFor(receiverId: string, groupLabels: Labels): string {
  const pairs = Object.keys(groupLabels)
    .sort()
    .map((name) => [name, groupLabels[name]]);
  return `${receiverId}:${JSON.stringify(pairs)}`;
}
