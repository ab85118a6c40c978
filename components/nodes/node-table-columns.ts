import type { NodeSortKey } from "@/components/nodes/fleet-nodes";

export type NodeColumn = { key: NodeSortKey | "sparkline"; label: string; width: string; align?: "right" };

/** One grid template for header and rows keeps columns aligned without a <table> (which can't virtualise). */
export const NODE_COLUMNS: readonly NodeColumn[] = [
  { key: "state", label: "State", width: "106px" },
  { key: "id", label: "Node", width: "minmax(120px, 1.2fr)" },
  { key: "hostname", label: "Hostname", width: "minmax(110px, 1.4fr)" },
  { key: "zone", label: "Zone", width: "minmax(72px, 0.7fr)" },
  { key: "group", label: "Group", width: "minmax(84px, 0.8fr)" },
  { key: "role", label: "Role", width: "70px" },
  { key: "phi", label: "Phi", width: "52px", align: "right" },
  { key: "lastHeartbeatAt", label: "Heartbeat", width: "92px", align: "right" },
  { key: "cpu", label: "CPU", width: "104px" },
  { key: "mem", label: "Memory", width: "104px" },
  { key: "sparkline", label: "CPU, 1 min", width: "96px" },
];

export const NODE_GRID_TEMPLATE = NODE_COLUMNS.map((column) => column.width).join(" ");
export const NODE_TABLE_MIN_WIDTH = 1160;
export const NODE_ROW_HEIGHT = 40;
