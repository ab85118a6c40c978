import type { NodeState } from "@/lib/protocol/common";
import { STATE_STYLES } from "@/components/nodes/state-colors";

export function StateBadge({ state, size = "sm" }: { state: NodeState; size?: "sm" | "lg" }) {
  const style = STATE_STYLES[state];
  const sizing = size === "lg" ? "px-2.5 py-1 text-sm" : "px-2 py-0.5 text-xs";
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full font-medium ${sizing} ${style.badge}`}>
      <span className={`size-1.5 rounded-full ${style.solid}`} aria-hidden />
      {style.label}
    </span>
  );
}
