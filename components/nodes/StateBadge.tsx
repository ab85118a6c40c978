import type { NodeView } from "@/lib/protocol/views";
import { nodeHealth, type NodeHealth } from "@/lib/recovery/service-verdict";
import { HEALTH_STYLES } from "@/components/nodes/state-colors";

/** A state pill; `data-state` carries the state so tests and styles need not read the label. */
export function StateBadge({ state, size = "sm", title }: { state: NodeHealth; size?: "sm" | "lg"; title?: string }) {
  const style = HEALTH_STYLES[state];
  const sizing = size === "lg" ? "px-2.5 py-1 text-sm" : "px-2 py-0.5 text-xs";
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full font-medium whitespace-nowrap ${sizing} ${style.badge}`} data-state={state} data-testid="state-badge" title={title}>
      <span className={`size-1.5 rounded-full ${style.solid}`} aria-hidden />
      {style.label}
    </span>
  );
}

/** A node's current badge: the detector's state, refined by its service (not green while the service is sick). */
export function NodeStateBadge({ node, size, restartBudgetExhausted = false }: { node: Pick<NodeView, "state" | "service" | "stateReason">; size?: "sm" | "lg"; restartBudgetExhausted?: boolean }) {
  const health = nodeHealth(node, restartBudgetExhausted);
  const title = health === "degraded" || health === "service_down" ? (node.service?.reason ?? undefined) : (node.stateReason ?? undefined);
  return <StateBadge state={health} size={size} title={title} />;
}
