import type { NodeState } from "../protocol/common";
import type { NodeView } from "../protocol/views";

/** A heartbeat with at least this error rate means the service is unhealthy. */
export const SERVICE_ERROR_RATE_THRESHOLD = 0.5;
/** A custom gauge the agent's integration may report: 0 means the service is down. */
export const SERVICE_UP_GAUGE = "service_up";

/** Its latest report is current (healthy or suspect). */
export function isLive(state: NodeState): boolean {
  return state === "healthy" || state === "suspect";
}

/** Connected and heartbeating: commands can reach it. */
export function agentAlive(node: NodeView): boolean {
  return node.connected && isLive(node.state);
}

/** Why the node's service looks unhealthy from its latest metrics, or null when it looks fine. */
export function serviceProblem(node: NodeView): string | null {
  const metrics = node.metrics;
  if (!metrics) return null;
  if (metrics.custom?.[SERVICE_UP_GAUGE] === 0) return `reports ${SERVICE_UP_GAUGE} = 0`;
  const errorRate = metrics.errorRate;
  if (errorRate !== null && errorRate >= SERVICE_ERROR_RATE_THRESHOLD) {
    return `error rate ${Math.round(errorRate * 100)}% (threshold ${SERVICE_ERROR_RATE_THRESHOLD * 100}%)`;
  }
  return null;
}
