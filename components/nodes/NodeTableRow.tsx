"use client";

import Link from "next/link";
import { memo } from "react";
import type { NodeView } from "@/lib/protocol/views";
import { Sparkline } from "@/components/charts/Sparkline";
import { formatLastKnown, formatMilliseconds, formatPercent, formatPhi } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { STATE_STYLES } from "@/components/nodes/state-colors";
import { isLive, SERVICE_ERROR_RATE_THRESHOLD } from "@/lib/recovery/service-health";
import { SERVICE_DEGRADED_ERROR_RATE } from "@/lib/recovery/service-verdict";
import { NODE_GRID_TEMPLATE, NODE_SPARKLINE_WIDTH } from "./node-table-columns";
import { NodeStateBadge } from "./StateBadge";
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

function errorRateClass(errorRate: number | null | undefined): string {
  if (errorRate === null || errorRate === undefined) return "text-zinc-400";
  if (errorRate >= SERVICE_ERROR_RATE_THRESHOLD) return "font-medium text-red-300";
  if (errorRate >= SERVICE_DEGRADED_ERROR_RATE) return "text-amber-300";
  return "text-zinc-400";
}

function NodeTableRowImpl({ node, cpuValues, cpuCapacity, historyVersion, now, top, height, onOpen }: NodeTableRowProps) {
  const stale = node.lastHeartbeatAt === null || now - node.lastHeartbeatAt > STALE_HEARTBEAT_MS;
  const href = `/nodes/${encodeURIComponent(node.id)}`;
  // A silent node's figures are its last report, not now: dimmed (bars) and said so on hover.
  const lastKnown = !isLive(node.state);
  const lastKnownTitle = lastKnown ? formatLastKnown(node.lastHeartbeatAt, now) : undefined;
  const figures = lastKnown ? "opacity-60 grayscale" : "";
  return (
    <div
      role="row"
      onClick={() => onOpen(node.id)}
      className="absolute inset-x-0 grid cursor-pointer items-center gap-2.5 border-b border-zinc-800/60 px-6 text-sm hover:bg-zinc-800/40"
      style={{ top, height, gridTemplateColumns: NODE_GRID_TEMPLATE }}
    >
      <span role="cell">
        <NodeStateBadge node={node} />
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
        <RelativeTime ts={node.lastHeartbeatAt} now={now} />
      </span>
      <span role="cell" className={figures} title={lastKnownTitle}>
        <UsageBar fraction={node.metrics?.cpu} />
      </span>
      <span role="cell" className={figures}>
        <Sparkline values={cpuValues} capacity={cpuCapacity} version={historyVersion} width={NODE_SPARKLINE_WIDTH} />
      </span>
      <span role="cell" className={figures} title={lastKnownTitle}>
        <UsageBar fraction={node.metrics?.mem} />
      </span>
      <span role="cell" className={`text-right text-xs tabular ${lastKnown ? "text-zinc-400 italic" : errorRateClass(node.metrics?.errorRate)}`} title={lastKnownTitle} data-testid="node-error-rate">
        {formatPercent(node.metrics?.errorRate, 1)}
      </span>
      <span role="cell" className={`text-right text-xs tabular text-zinc-400 ${lastKnown ? "italic" : ""}`} title={lastKnownTitle}>
        {formatMilliseconds(node.metrics?.latencyMs)}
      </span>
    </div>
  );
}

/** Memoised so scrolling renders only the rows that come into view. */
export const NodeTableRow = memo(NodeTableRowImpl);
