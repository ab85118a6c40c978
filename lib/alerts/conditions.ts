import type { Labels } from "./alert";

/**
 * Something a rule sees as true right now. The evaluator turns conditions into alerts: pending
 * until the condition has held `forMs`, then firing until it no longer appears.
 */
export type Condition = {
  labels: Labels;
  annotations: Record<string, string>;
  forMs: number;
  /** When the condition is known to have started (e.g. a node's stateSince), if earlier than first seen. */
  since?: number;
  generatorURL?: string;
};

/** Categories group rules for inhibition and routing (`category=~"metric|log"`). */
export type AlertCategory = "node" | "replication" | "load" | "agent" | "fleet" | "recovery" | "metric" | "log";

export function nodeURL(nodeId: string): string {
  return `/nodes/${encodeURIComponent(nodeId)}`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, "");
}
