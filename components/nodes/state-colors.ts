import type { NodeState } from "@/lib/protocol/common";
import type { NodeHealth } from "@/lib/recovery/service-verdict";

/**
 * The one place node-state colours live. Operators learn "amber = suspect" once;
 * every badge, tile, bar, chart and timeline must agree with it.
 */
export type StateStyle = {
  label: string;
  /** For SVG and chart strokes/fills. */
  hex: string;
  /** Small pill: tinted background, readable text, subtle ring. */
  badge: string;
  /** Big count tile on the overview. */
  tile: string;
  /** Solid dot or bar segment. */
  solid: string;
  /** Text in the state's colour. */
  text: string;
  /** Outline of a panel about a node in this state. */
  border: string;
};

export const STATE_STYLES: Record<NodeState, StateStyle> = {
  healthy: {
    label: "Healthy",
    hex: "#22c55e",
    badge: "bg-green-500/15 text-green-300 ring-1 ring-inset ring-green-500/30",
    tile: "border-green-500/40 bg-green-500/10 text-green-300",
    solid: "bg-green-500",
    text: "text-green-400",
    border: "border-green-500/30",
  },
  suspect: {
    label: "Suspect",
    hex: "#f59e0b",
    badge: "bg-amber-500/15 text-amber-300 ring-1 ring-inset ring-amber-500/40",
    tile: "border-amber-500/50 bg-amber-500/10 text-amber-300",
    solid: "bg-amber-500",
    text: "text-amber-400",
    border: "border-amber-500/50",
  },
  down: {
    label: "Down",
    hex: "#ef4444",
    badge: "bg-red-500/20 text-red-300 ring-1 ring-inset ring-red-500/50",
    tile: "border-red-500/60 bg-red-500/15 text-red-300",
    solid: "bg-red-500",
    text: "text-red-400",
    border: "border-red-500/60",
  },
  maintenance: {
    label: "Maintenance",
    hex: "#3b82f6",
    badge: "bg-blue-500/15 text-blue-300 ring-1 ring-inset ring-blue-500/40",
    tile: "border-blue-500/40 bg-blue-500/10 text-blue-300",
    solid: "bg-blue-500",
    text: "text-blue-400",
    border: "border-blue-500/40",
  },
  unknown: {
    label: "Unknown",
    hex: "#71717a",
    badge: "bg-zinc-500/15 text-zinc-300 ring-1 ring-inset ring-zinc-500/40",
    tile: "border-zinc-600/60 bg-zinc-500/10 text-zinc-300",
    solid: "bg-zinc-500",
    text: "text-zinc-400",
    border: "border-zinc-700",
  },
};

/**
 * A node's badge: the detector's states plus what its service says while the agent is heard
 * (lib/recovery/service-verdict.ts `nodeHealth`). Degraded is amber and service down red, like
 * suspect and down, but named apart: the agent is fine, what runs on it is not.
 */
export const HEALTH_STYLES: Record<NodeHealth, StateStyle> = {
  ...STATE_STYLES,
  degraded: { ...STATE_STYLES.suspect, label: "Degraded" },
  service_down: { ...STATE_STYLES.down, label: "Service down" },
};

/** Worst first: the order operators scan in, and the default sort for "state". */
export const STATES_BY_SEVERITY: readonly NodeState[] = ["down", "suspect", "unknown", "maintenance", "healthy"];
const HEALTH_BY_SEVERITY: readonly NodeHealth[] = ["down", "service_down", "suspect", "degraded", "unknown", "maintenance", "healthy"];

export function healthSeverity(health: NodeHealth): number {
  return HEALTH_BY_SEVERITY.length - HEALTH_BY_SEVERITY.indexOf(health);
}

/** Display order for tiles and stacked bars: healthy reads left to right into trouble. */
export const STATES_FOR_DISPLAY: readonly NodeState[] = ["healthy", "suspect", "down", "maintenance", "unknown"];

export function stateSeverity(state: NodeState): number {
  return STATES_BY_SEVERITY.length - STATES_BY_SEVERITY.indexOf(state);
}

export function emptyStateCounts(): Record<NodeState, number> {
  return { healthy: 0, suspect: 0, down: 0, maintenance: 0, unknown: 0 };
}

export function isNodeState(value: string): value is NodeState {
  return value in STATE_STYLES;
}
