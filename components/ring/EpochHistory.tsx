"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import { memo, useState } from "react";
import { useNow } from "@/components/live/use-now";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import { describeChangeParts } from "@/components/ring/ring-change";
import { formatShare } from "@/components/ring/ring-geometry";
import { MovesTable } from "./PreviewResult";
import type { RingEpochItem } from "./ring-types";

const PART_TONE = { add: "text-green-300", remove: "text-red-300", reweight: "text-sky-300" } as const;
/** The membership policy (lib/control/ring-job) records its auto-joins under this name. */
const SYSTEM_AUTHORS = new Set(["vigil"]);

/** Memoised: the table re-renders every few seconds for its "when" column, and an auto-join epoch lists thousands of groups. */
const ChangeSummary = memo(function ChangeSummary({ item }: { item: RingEpochItem }) {
  const parts = describeChangeParts(item.change);
  if (parts.length === 0) return <span className="text-zinc-400">{item.groups.length} groups (initial)</span>;
  const shown = parts.slice(0, 4);
  return (
    <span className="flex flex-wrap gap-x-2 font-mono text-xs">
      {shown.map((part) => (
        <span key={part.id} className={PART_TONE[part.kind]}>
          {part.text}
        </span>
      ))}
      {parts.length > shown.length && <span className="text-zinc-400">+{parts.length - shown.length} more</span>}
    </span>
  );
});

function epochColumns(now: number, expanded: number | null, setExpanded: (epoch: number | null) => void): Column<RingEpochItem>[] {
  return [
    {
      key: "epoch",
      header: "Epoch",
      cell: (item) => {
        const open = expanded === item.epoch;
        const Chevron = open ? ChevronDown : ChevronRight;
        return (
          <button
            type="button"
            onClick={() => setExpanded(open ? null : item.epoch)}
            aria-expanded={open}
            aria-label={`${open ? "Hide" : "Show"} the moves of epoch ${item.epoch}`}
            className="flex items-center gap-1 rounded font-semibold text-zinc-100 tabular hover:bg-zinc-800"
            disabled={item.moves.length === 0}
          >
            <Chevron className={`size-3.5 ${item.moves.length ? "text-zinc-400" : "text-transparent"}`} aria-hidden />
            {item.epoch}
          </button>
        );
      },
    },
    {
      key: "when",
      header: "When",
      className: "text-xs whitespace-nowrap text-zinc-400",
      cellProps: (item) => ({ title: formatDateTime(item.createdAt) }),
      cell: (item) => formatRelativeTime(item.createdAt, now),
    },
    {
      key: "by",
      header: "By",
      className: "text-xs whitespace-nowrap",
      cellProps: (item) => ({ className: SYSTEM_AUTHORS.has(item.createdBy) ? "text-zinc-400 italic" : "text-zinc-200" }),
      cell: (item) => item.createdBy,
    },
    {
      key: "reason",
      header: "Reason",
      className: "max-w-72 text-xs text-zinc-400",
      cell: (item) => (
        <span className="line-clamp-2" title={item.reason}>
          {item.reason || "—"}
        </span>
      ),
    },
    { key: "change", header: "Change", cell: (item) => <ChangeSummary item={item} /> },
    { key: "moved", header: "Moved", align: "right", headerClassName: "whitespace-nowrap", className: "text-zinc-100 tabular", cell: (item) => formatShare(item.movedShare) },
    { key: "groups", header: "Groups", align: "right", className: "text-zinc-400 tabular", cell: (item) => item.groups.length },
  ];
}

/** Every epoch, newest first: who changed the ring, why, and what moved. */
export function EpochHistory({ items }: { items: readonly RingEpochItem[] }) {
  const now = useNow(5000);
  const [expanded, setExpanded] = useState<number | null>(null);
  return (
    <DataTable
      testId="ring-epochs"
      scrollX
      density="normal"
      columns={epochColumns(now, expanded, setExpanded)}
      rows={items}
      rowKey={(item) => item.epoch}
      rowProps={(item) => ({ "data-epoch": item.epoch, className: "hover:bg-zinc-800/30" })}
      expandedRow={(item) =>
        expanded === item.epoch ? (
          <div className="max-w-xl">
            <MovesTable moves={item.moves} limit={30} />
          </div>
        ) : null
      }
    />
  );
}
