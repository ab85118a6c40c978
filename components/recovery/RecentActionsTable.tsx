import { DataTable, type Column } from "@/components/ui/DataTable";
import { formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { didNotHeal } from "./recovery-states";
import { ActionStateBadge } from "./ActionStateBadge";
import { ActionStateIcon } from "./ActionStateIcon";
import type { RecoveryAction } from "./recovery-types";

function actionColumns(now: number): Column<RecoveryAction>[] {
  return [
    {
      key: "state",
      header: "State",
      cell: (action) => (
        <span className="inline-flex items-center gap-1.5">
          <ActionStateIcon state={action.state} outcome={action.outcome} className="size-3.5" />
          <ActionStateBadge state={action.state} outcome={action.outcome} />
        </span>
      ),
    },
    {
      key: "action",
      header: "Action",
      className: "text-xs",
      cell: (action) => (
        <>
          <span className="font-medium whitespace-nowrap text-zinc-100">{action.kind}</span> <span className="font-mono whitespace-nowrap text-zinc-300">{action.target}</span>
          {action.dryRun && <span className="ml-1.5 text-zinc-400">(dry run)</span>}
          <span className="block text-[11px] text-zinc-400">
            {action.groupId} · epoch {action.epoch}
          </span>
        </>
      ),
    },
    {
      key: "by",
      header: "By",
      className: "text-xs text-zinc-400",
      cell: (action) => (
        <>
          {action.source === "operator" ? "operator" : "vigil"}
          {action.approvedBy && <span className="block text-[11px] text-zinc-400">approved by {action.approvedBy}</span>}
        </>
      ),
    },
    {
      key: "when",
      header: "When",
      className: "text-xs whitespace-nowrap text-zinc-400 tabular",
      cell: (action) => (
        <>
          <RelativeTime ts={action.createdAt} now={now} />
          {action.finishedAt !== null && <span className="block text-[11px] text-zinc-400">took {formatDuration(action.finishedAt - action.createdAt)}</span>}
        </>
      ),
    },
    {
      key: "outcome",
      header: "Outcome",
      className: "text-xs text-zinc-400",
      cell: (action) => (
        <span className={`line-clamp-3 ${didNotHeal(action.state, action.outcome) ? "text-amber-300" : ""}`} title={action.outcome ?? action.reason}>
          {action.outcome ?? action.reason}
        </span>
      ),
    },
  ];
}

/** Every recent action, planner's and operators', newest first. */
export function RecentActionsTable({ actions, now }: { actions: readonly RecoveryAction[]; now: number }) {
  return (
    <DataTable
      testId="recovery-actions"
      stickyHeader
      columns={actionColumns(now)}
      rows={actions}
      rowKey={(action) => action.id}
      rowProps={(action) => ({ className: action.dryRun ? "opacity-80" : undefined, "data-action-id": action.id, "data-action-state": action.state })}
    />
  );
}
