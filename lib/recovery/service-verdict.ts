import type { NodeState } from "../protocol/common";
import type { NodeView, ServiceHealth, ServiceStatus } from "../protocol/views";
import { isLive, SERVICE_ERROR_RATE_THRESHOLD, SERVICE_UP_GAUGE } from "./service-health";

/**
 * A node's service verdict, apart from the detector's state. The detector says whether the
 * agent is heard (healthy/suspect/down); this says whether what runs on it works. A
 * crash-looping service alternates up and down every few seconds, so one heartbeat is not
 * enough: the verdict folds heartbeats and stays flagged while the service is briefly up.
 */

/**
 * Errors at or above this (but below the restart threshold) make the service degraded. Above the
 * few percent a busy but working service shows (the simulator's hot nodes reach 8 %).
 */
export const SERVICE_DEGRADED_ERROR_RATE = 0.1;
/** After the service was last down it reads "recovering" (degraded) this long, not green at once. */
export const SERVICE_RECOVERY_HOLD_MS = 60_000;
/** Down spells within this window that make a crash loop. */
export const CRASH_LOOP_WINDOW_MS = 5 * 60_000;
export const CRASH_LOOP_OUTAGES = 3;
/** Enough to tell a crash loop; more would only grow every node view sent to browsers. */
const MAX_OUTAGES_KEPT = 10;

type Reading = { status: ServiceStatus; reason: string | null };

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/** What one heartbeat's metrics alone say about the service. */
export function readServiceMetrics(metrics: NodeView["metrics"]): Reading {
  if (!metrics) return { status: "ok", reason: null };
  if (metrics.custom?.[SERVICE_UP_GAUGE] === 0) return { status: "down", reason: `service down (reports ${SERVICE_UP_GAUGE} = 0)` };
  const errorRate = metrics.errorRate;
  if (errorRate !== null && errorRate >= SERVICE_ERROR_RATE_THRESHOLD) return { status: "down", reason: `failing: error rate ${percent(errorRate)}` };
  if (errorRate !== null && errorRate >= SERVICE_DEGRADED_ERROR_RATE) return { status: "degraded", reason: `error rate ${percent(errorRate)}` };
  return { status: "ok", reason: null };
}

/** Folds one heartbeat into the service's verdict. Pure: `now` is the heartbeat's arrival. */
export function observeServiceHealth(previous: ServiceHealth | null | undefined, metrics: NodeView["metrics"], now: number): ServiceHealth {
  const reading = readServiceMetrics(metrics);
  let outages = (previous?.outages ?? []).filter((at) => now - at < CRASH_LOOP_WINDOW_MS);
  if (reading.status === "down" && previous?.current !== "down") outages = [...outages, now].slice(-MAX_OUTAGES_KEPT);
  // Only a down service earns the "recovering" hold: errors hovering around the degraded line must not keep it amber.
  const lastProblemAt = reading.status === "down" ? now : (previous?.lastProblemAt ?? null);
  const crashLooping = outages.length >= CRASH_LOOP_OUTAGES;
  const loop = `crash-looping: down ${outages.length} times in ${Math.round(CRASH_LOOP_WINDOW_MS / 60_000)} min`;

  let verdict: Reading;
  if (reading.status !== "ok") verdict = crashLooping ? { status: reading.status, reason: `${loop}; ${reading.reason}` } : reading;
  else if (crashLooping) verdict = { status: "degraded", reason: `${loop}; up again for now` };
  else if (lastProblemAt !== null && now - lastProblemAt < SERVICE_RECOVERY_HOLD_MS) {
    verdict = { status: "degraded", reason: `recovering: service was down ${seconds(now - lastProblemAt)} ago` };
  } else verdict = { status: "ok", reason: null };

  const since = previous && previous.status === verdict.status ? previous.since : now;
  return { status: verdict.status, reason: verdict.reason, since, current: reading.status, lastProblemAt, outages };
}

/** What a node's badge says: the detector's state, refined by its service while the agent is heard. */
export type NodeHealth = NodeState | "degraded" | "service_down";

export const NODE_HEALTHS: readonly NodeHealth[] = ["healthy", "degraded", "service_down", "suspect", "down", "maintenance", "unknown"];

/**
 * One verdict per node for every view: a node the detector calls healthy but whose service is
 * down or degraded is not green. The detector's own states win, since without heartbeats the
 * service verdict is only last known. An exhausted restart budget (a recovery block) means
 * Vigil has given up restarting it: the service counts as down.
 */
export function nodeHealth(node: Pick<NodeView, "state" | "service">, restartBudgetExhausted = false): NodeHealth {
  if (node.state !== "healthy") return node.state;
  if (restartBudgetExhausted) return "service_down";
  const status = node.service?.status;
  if (status === "down") return "service_down";
  if (status === "degraded") return "degraded";
  return "healthy";
}

/** Why the node has the health it has, in a line; null when there is nothing to add to "healthy". */
export function nodeHealthReason(node: Pick<NodeView, "state" | "stateReason" | "service">, restartBudgetExhausted = false): string | null {
  const health = nodeHealth(node, restartBudgetExhausted);
  if (health === "healthy") return node.stateReason;
  if (health === "degraded" || health === "service_down") {
    const reason = node.service?.reason ?? null;
    if (restartBudgetExhausted) return `restart budget exhausted${reason ? `; ${reason}` : ""}`;
    return reason;
  }
  return node.stateReason;
}

/** An acknowledged restart is checked this long after its outcome: did the service come back? */
export const HEAL_CHECK_MS = 30_000;
/** Problems within this long of the restart's outcome are the restart itself (the service starting up). */
export const HEAL_SETTLE_MS = 5_000;
/** Starts every outcome of a restart the agent carried out but which left the node sick. */
export const DID_NOT_HEAL = "did not heal:";

/**
 * Whether a restart the agent reported as carried out left the node healthy: null when it did
 * (or nothing is known), else the outcome that replaces the agent's "succeeded" — the agent only
 * says the restart ran, not that the service works afterwards.
 */
export function restartDidNotHeal(node: Pick<NodeView, "state" | "service" | "metrics"> | undefined, finishedAt: number, now: number): string | null {
  if (!node) return null;
  const later = seconds(now - finishedAt);
  if (!isLive(node.state)) return `${DID_NOT_HEAL} the node is ${node.state} ${later} after the restart`;
  const reading = readServiceMetrics(node.metrics);
  if (reading.status !== "ok") return `${DID_NOT_HEAL} ${reading.reason} ${later} after the restart`;
  const lastProblemAt = node.service?.lastProblemAt ?? null;
  if (lastProblemAt !== null && lastProblemAt > finishedAt + HEAL_SETTLE_MS) {
    return `${DID_NOT_HEAL} the service failed again ${seconds(lastProblemAt - finishedAt)} after the restart${node.service?.reason ? ` (${node.service.reason})` : ""}`;
  }
  return null;
}
