import type { CSSProperties } from "react";
import type { MetricName } from "@/lib/protocol/views";

/** Series colours stay clear of the state palette (green/amber/red/blue/grey) so a line never reads as a state. */
export const METRIC_COLORS: Record<MetricName, string> = {
  cpu: "#38bdf8",
  mem: "#a78bfa",
  disk: "#f472b6",
  netIn: "#22d3ee",
  netOut: "#818cf8",
  load1: "#e4e4e7",
  latencyMs: "#e879f9",
  errorRate: "#fb7185",
};

export const GRID_STROKE = "#27272a";
export const AXIS_TICK = { fill: "#a1a1aa", fontSize: 11 } as const;
export const AXIS_LINE = { stroke: "#3f3f46" } as const;

export const TOOLTIP_CONTENT_STYLE: CSSProperties = {
  background: "#18181b",
  border: "1px solid #3f3f46",
  borderRadius: 6,
  fontSize: 12,
  color: "#e4e4e7",
  padding: "6px 10px",
};
export const TOOLTIP_LABEL_STYLE: CSSProperties = { color: "#a1a1aa", marginBottom: 4 };
export const TOOLTIP_CURSOR = { stroke: "#52525b", strokeWidth: 1 } as const;
