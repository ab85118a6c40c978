"use client";

import type { GroupsResponse } from "@/lib/protocol/api/groups";
import { useNow } from "@/components/live/use-now";
import { formatCount, formatDecimal, formatRelativeTime } from "@/components/ui/format";

type GroupRunSummaryProps = {
  run: NonNullable<GroupsResponse["run"]>;
  kMode: GroupsResponse["settings"]["k"];
  outliers: number;
};

/** "k = 4 (auto) · silhouette 0.62 · 30 nodes · 1 outlier · updated 3 s ago" */
export function GroupRunSummary({ run, kMode, outliers }: GroupRunSummaryProps) {
  const now = useNow(1000);
  return (
    <span className="tabular" data-run-id={run.id}>
      k = {run.k} ({kMode === "auto" ? "auto" : "fixed"})
      <span className="text-zinc-400"> · </span>
      <span title="How well separated the groups are, from −1 to 1; above 0.5 is a clear structure">silhouette {formatDecimal(run.silhouette)}</span>
      <span className="text-zinc-400"> · </span>
      {formatCount(run.nodes)} {run.nodes === 1 ? "node" : "nodes"}
      <span className="text-zinc-400"> · </span>
      <span className={outliers > 0 ? "text-red-300" : undefined}>
        {outliers} {outliers === 1 ? "outlier" : "outliers"}
      </span>
      <span className="text-zinc-400"> · </span>
      updated {formatRelativeTime(run.at, now)}
    </span>
  );
}
