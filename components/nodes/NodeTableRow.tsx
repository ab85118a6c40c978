"use client";

import Link from "next/link";
import { memo } from "react";
import type { NodeView } from "@/lib/protocol/views";
import { Sparkline } from "@/components/charts/Sparkline";
import { formatPhi, formatRelativeTime } from "@/components/ui/format";
import { STATE_STYLES } from "@/components/nodes/state-colors";
import { NODE_GRID_TEMPLATE } from "./node-table-columns";
import { StateBadge } from "./StateBadge";
import { UsageBar } from "./UsageBar";

type NodeTableRowProps = {
  node: NodeView;
  cpuValues: readonly number[];
  cpuCapacity: number;
  historyVersion: number;
  now: number;
  top: number;
  height: number;
  onOpen: (nodeId: string) => void;
};

/** A heartbeat older than a few intervals is worth noticing even before phi flags it. */
const STALE_HEARTBEAT_MS = 5_000;

function NodeTableRowImpl({ node, cpuValues, cpuCapacity, historyVersion, now, top, height, onOpen }: NodeTableRowProps) {
  const stale = node.lastHeartbeatAt === null || now - node.lastHeartbeatAt > STALE_HEARTBEAT_MS;
  const href = `/nodes/${encodeURIComponent(node.id)}`;
  return (
    <div
      role="row"
      onClick={() => onOpen(node.id)}
      className="absolute inset-x-0 grid cursor-pointer items-center gap-2.5 border-b border-zinc-800/60 px-6 text-sm hover:bg-zinc-800/40"
      style={{ top, height, gridTemplateColumns: NODE_GRID_TEMPLATE }}
    >
      <span role="cell">
        <StateBadge state={node.state} />
      </span>
      <span role="cell" className="min-w-0 truncate">
        {/* Hundreds of rows scroll past; prefetching every node page would flood the server. */}
        <Link prefetch={false} href={href} onClick={(event) => event.stopPropagation()} className="font-mono text-[13px] text-sky-300 hover:underline" title={node.id}>
          {node.id}
        </Link>
      </span>
      <span role="cell" className="truncate text-zinc-300" title={node.hostname}>
        {node.hostname}
      </span>
      <span role="cell" className="truncate text-zinc-400">
        {node.zone ?? "—"}
      </span>
      <span role="cell" className="truncate text-zinc-400" title={node.group ?? undefined}>
        {node.group ?? "—"}
      </span>
      <span role="cell" className={`truncate ${node.role === "primary" ? "text-zinc-100" : "text-zinc-400"}`}>
        {node.role ?? "—"}
      </span>
      <span
        role="cell"
        className={`text-right tabular ${node.state === "down" ? STATE_STYLES.down.text : node.state === "suspect" ? STATE_STYLES.suspect.text : "text-zinc-400"}`}
      >
        {formatPhi(node.phi)}
      </span>
      <span role="cell" className={`text-right text-xs tabular ${stale ? "text-amber-300" : "text-zinc-400"}`}>
        {formatRelativeTime(node.lastHeartbeatAt, now)}
      </span>
      <span role="cell">
        <UsageBar fraction={node.metrics?.cpu} />
      </span>
      <span role="cell">
        <UsageBar fraction={node.metrics?.mem} />
      </span>
      <span role="cell">
        <Sparkline values={cpuValues} capacity={cpuCapacity} version={historyVersion} width={92} />
      </span>
    </div>
  );
}

/** Memoised so scrolling renders only the rows that come into view. */
export const NodeTableRow = memo(NodeTableRowImpl);
