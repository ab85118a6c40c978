"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { useNow } from "@/components/live/use-now";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import { describeChangeParts } from "@/components/ring/ring-change";
import { formatShare } from "@/components/ring/ring-geometry";
import { MovesTable } from "./PreviewResult";
import type { RingEpochItem } from "./ring-types";

const PART_TONE = { add: "text-green-300", remove: "text-red-300", reweight: "text-sky-300" } as const;
/** The membership policy (lib/control/ring-job) records its auto-joins under this name. */
const SYSTEM_AUTHORS = new Set(["vigil"]);

function ChangeSummary({ item }: { item: RingEpochItem }) {
  const parts = describeChangeParts(item.change);
  if (parts.length === 0) return <span className="text-zinc-500">{item.groups.length} groups (initial)</span>;
  const shown = parts.slice(0, 4);
  return (
    <span className="flex flex-wrap gap-x-2 font-mono text-xs">
      {shown.map((part) => (
        <span key={part.id} className={PART_TONE[part.kind]}>
          {part.text}
        </span>
      ))}
      {parts.length > shown.length && <span className="text-zinc-500">+{parts.length - shown.length} more</span>}
    </span>
  );
}

/** Every epoch, newest first: who changed the ring, why, and what moved. */
export function EpochHistory({ items }: { items: readonly RingEpochItem[] }) {
  const now = useNow(5000);
  const [expanded, setExpanded] = useState<number | null>(null);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="ring-epochs">
        <thead className="text-left text-xs tracking-wide text-zinc-500 uppercase">
          <tr className="border-b border-zinc-800">
            <th className="px-4 py-2 font-medium">Epoch</th>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">By</th>
            <th className="px-3 py-2 font-medium">Reason</th>
            <th className="px-3 py-2 font-medium">Change</th>
            <th className="px-3 py-2 text-right font-medium whitespace-nowrap">Moved</th>
            <th className="px-4 py-2 text-right font-medium">Groups</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-800/70">
          {items.map((item) => {
            const open = expanded === item.epoch;
            const Chevron = open ? ChevronDown : ChevronRight;
            return (
              <Fragment key={item.epoch}>
                <tr data-epoch={item.epoch} className="hover:bg-zinc-800/30">
                  <td className="px-4 py-2">
                    <button
                      type="button"
                      onClick={() => setExpanded(open ? null : item.epoch)}
                      aria-expanded={open}
                      aria-label={`${open ? "Hide" : "Show"} the moves of epoch ${item.epoch}`}
                      className="flex items-center gap-1 rounded font-semibold text-zinc-100 tabular hover:bg-zinc-800"
                      disabled={item.moves.length === 0}
                    >
                      <Chevron className={`size-3.5 ${item.moves.length ? "text-zinc-500" : "text-transparent"}`} aria-hidden />
                      {item.epoch}
                    </button>
                  </td>
                  <td className="px-3 py-2 text-xs whitespace-nowrap text-zinc-400" title={formatDateTime(item.createdAt)}>
                    {formatRelativeTime(item.createdAt, now)}
                  </td>
                  <td className={`px-3 py-2 text-xs whitespace-nowrap ${SYSTEM_AUTHORS.has(item.createdBy) ? "text-zinc-500 italic" : "text-zinc-200"}`}>{item.createdBy}</td>
                  <td className="max-w-72 px-3 py-2 text-xs text-zinc-400">
                    <span className="line-clamp-2" title={item.reason}>
                      {item.reason || "—"}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <ChangeSummary item={item} />
                  </td>
                  <td className="px-3 py-2 text-right text-zinc-100 tabular">{formatShare(item.movedShare)}</td>
                  <td className="px-4 py-2 text-right text-zinc-400 tabular">{item.groups.length}</td>
                </tr>
                {open && (
                  <tr className="bg-zinc-950/40">
                    <td colSpan={7} className="px-10 py-2.5">
                      <div className="max-w-xl">
                        <MovesTable moves={item.moves} limit={30} />
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
