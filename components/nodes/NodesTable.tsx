"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import type { ReactNode } from "react";
import type { NodeView } from "@/lib/protocol/views";
import type { CpuHistory, NodeSort, NodeSortKey } from "@/components/nodes/fleet-nodes";
import { useNow } from "@/components/live/use-now";
import { useDensity } from "@/components/ui/use-density";
import { NODE_ROW_HEIGHT, NODE_ROW_HEIGHT_COMPACT, NODE_TABLE_MIN_WIDTH } from "./node-table-columns";
import { NodeTableHeader } from "./NodeTableHeader";
import { NodeTableRow } from "./NodeTableRow";
import { CPU_HISTORY_LENGTH } from "./use-fleet-nodes";

type NodesTableProps = {
  rows: readonly NodeView[];
  sort: NodeSort;
  onSort: (key: NodeSortKey) => void;
  cpuHistory: CpuHistory;
  historyVersion: number;
  /** Shown in place of rows (loading, error, nothing matches) under the same header. */
  placeholder?: ReactNode;
  /** Changes when sort or filters change: the old scroll offset would land somewhere meaningless. */
  scrollResetKey: string;
};

const NO_VALUES: readonly number[] = [];

/** Only the rows in view are in the DOM, so 5,000 nodes scroll as smoothly as 50. */
export function NodesTable({ rows, sort, onSort, cpuHistory, historyVersion, placeholder, scrollResetKey }: NodesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const now = useNow(1000);
  const [density] = useDensity();
  const rowHeight = density === "compact" ? NODE_ROW_HEIGHT_COMPACT : NODE_ROW_HEIGHT;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => rows[index].id,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollResetKey]);

  // Rows are not measured (fixed height): a density change must re-lay them out.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  const openNode = useCallback((nodeId: string) => router.push(`/nodes/${encodeURIComponent(nodeId)}`), [router]);

  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto" role="table" aria-rowcount={rows.length}>
      <div style={{ minWidth: NODE_TABLE_MIN_WIDTH }}>
        <NodeTableHeader sort={sort} onSort={onSort} />
        {placeholder ?? (
          <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const node = rows[item.index];
              return (
                <NodeTableRow
                  key={item.key}
                  node={node}
                  cpuValues={cpuHistory.get(node.id)?.values ?? NO_VALUES}
                  cpuCapacity={CPU_HISTORY_LENGTH}
                  historyVersion={historyVersion}
                  now={now}
                  onOpen={openNode}
                  top={item.start}
                  height={item.size}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
