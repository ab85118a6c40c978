"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { NodeSort, NodeSortKey } from "@/components/nodes/fleet-nodes";
import { NODE_COLUMNS, NODE_GRID_TEMPLATE } from "./node-table-columns";

export function NodeTableHeader({ sort, onSort }: { sort: NodeSort; onSort: (key: NodeSortKey) => void }) {
  return (
    <div
      role="row"
      className="sticky top-0 z-10 grid items-center gap-2.5 border-b border-zinc-800 bg-zinc-900 px-6 text-xs font-medium tracking-wide text-zinc-400 uppercase"
      style={{ gridTemplateColumns: NODE_GRID_TEMPLATE, height: 36 }}
    >
      {NODE_COLUMNS.map((column) => {
        if (column.key === "sparkline") {
          return (
            <span key={column.key} role="columnheader" className="truncate">
              {column.label}
            </span>
          );
        }
        const sortKey = column.key;
        const active = sort.key === sortKey;
        const Icon = !active ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
        return (
          <div
            key={sortKey}
            role="columnheader"
            aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
            className={`flex min-w-0 ${column.align === "right" ? "justify-end" : ""}`}
          >
            <button
              type="button"
              onClick={() => onSort(sortKey)}
              className={`flex min-w-0 items-center gap-1 uppercase hover:text-zinc-100 ${active ? "text-zinc-100" : ""}`}
            >
              <span className="truncate">{column.label}</span>
              <Icon className={`size-3 shrink-0 ${active ? "" : "opacity-40"}`} aria-hidden />
            </button>
          </div>
        );
      })}
    </div>
  );
}
