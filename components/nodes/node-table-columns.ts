import type { NodeSortKey } from "@/lib/ui/fleet-nodes";

export type NodeColumn = { key: NodeSortKey | "sparkline"; label: string; width: string; align?: "right" };

/** One grid template for header and rows keeps columns aligned without a <table> (which can't virtualise). */
export const NODE_COLUMNS: readonly NodeColumn[] = [
  { key: "state", label: "State", width: "118px" },
  { key: "id", label: "Node", width: "minmax(150px, 1.2fr)" },
  { key: "hostname", label: "Hostname", width: "minmax(150px, 1.4fr)" },
  { key: "zone", label: "Zone", width: "minmax(90px, 0.7fr)" },
  { key: "group", label: "Group", width: "minmax(100px, 0.8fr)" },
  { key: "role", label: "Role", width: "80px" },
  { key: "phi", label: "Phi", width: "64px", align: "right" },
  { key: "lastHeartbeatAt", label: "Last heartbeat", width: "112px", align: "right" },
  { key: "cpu", label: "CPU", width: "120px" },
  { key: "mem", label: "Memory", width: "120px" },
  { key: "sparkline", label: "CPU · last minute", width: "112px" },
];

export const NODE_GRID_TEMPLATE = NODE_COLUMNS.map((column) => column.width).join(" ");
export const NODE_TABLE_MIN_WIDTH = 1240;
export const NODE_ROW_HEIGHT = 40;
