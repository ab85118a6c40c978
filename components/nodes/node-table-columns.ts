import type { NodeSortKey } from "@/components/nodes/fleet-nodes";

export type NodeColumn = { key: NodeSortKey | "sparkline"; label: string; width: string; align?: "right" };

/** One grid template for header and rows keeps columns aligned without a <table> (which can't virtualise). */
export const NODE_COLUMNS: readonly NodeColumn[] = [
  { key: "state", label: "State", width: "112px" },
  { key: "id", label: "Node", width: "minmax(92px, 1.2fr)" },
  { key: "hostname", label: "Hostname", width: "minmax(76px, 1.4fr)" },
  { key: "zone", label: "Zone", width: "minmax(56px, 0.7fr)" },
  { key: "group", label: "Group", width: "minmax(68px, 0.8fr)" },
  { key: "role", label: "Role", width: "56px" },
  { key: "phi", label: "Phi", width: "40px", align: "right" },
  { key: "lastHeartbeatAt", label: "Heartbeat", width: "84px", align: "right" },
  { key: "cpu", label: "CPU", width: "84px" },
  // Beside its figure, and on screen at 1440 px with the sidebar open.
  { key: "sparkline", label: "CPU, 1 min", width: "128px" },
  { key: "mem", label: "Memory", width: "84px" },
  { key: "errorRate", label: "Errors", width: "68px", align: "right" },
  { key: "latencyMs", label: "Latency", width: "72px", align: "right" },
];

export const NODE_GRID_TEMPLATE = NODE_COLUMNS.map((column) => column.width).join(" ");
export const NODE_TABLE_MIN_WIDTH = 1192;
export const NODE_ROW_HEIGHT = 40;
/** Rows in the compact density (components/ui/density.ts). */
export const NODE_ROW_HEIGHT_COMPACT = 30;
/** The CPU sparkline fills its column: wide enough to see a minute's shape. */
export const NODE_SPARKLINE_WIDTH = 124;
