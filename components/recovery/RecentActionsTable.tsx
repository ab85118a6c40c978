import { formatDateTime, formatDuration, formatRelativeTime } from "@/components/ui/format";
import { ActionStateBadge } from "./ActionStateBadge";
import { ActionStateIcon } from "./ActionStateIcon";
import type { RecoveryAction } from "./recovery-types";

/** Every recent action, planner's and operators', newest first. */
export function RecentActionsTable({ actions, now }: { actions: readonly RecoveryAction[]; now: number }) {
  const cell = "px-3 py-1.5 align-top";
  return (
    <table className="w-full text-sm" data-testid="recovery-actions">
      <thead className="sticky top-0 bg-zinc-900 text-left text-xs tracking-wide text-zinc-500 uppercase">
        <tr className="border-b border-zinc-800">
          <th className={`${cell} pl-4 font-medium`}>State</th>
          <th className={`${cell} font-medium`}>Action</th>
          <th className={`${cell} font-medium`}>By</th>
          <th className={`${cell} font-medium`}>When</th>
          <th className={`${cell} pr-4 font-medium`}>Outcome</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-800/60">
        {actions.map((action) => (
          <tr key={action.id} className={action.dryRun ? "opacity-50" : ""} data-action-id={action.id} data-action-state={action.state}>
            <td className={`${cell} pl-4`}>
              <span className="inline-flex items-center gap-1.5">
                <ActionStateIcon state={action.state} className="size-3.5" />
                <ActionStateBadge state={action.state} />
              </span>
            </td>
            <td className={`${cell} text-xs`}>
              <span className="font-medium whitespace-nowrap text-zinc-100">{action.kind}</span> <span className="font-mono whitespace-nowrap text-zinc-300">{action.target}</span>
              {action.dryRun && <span className="ml-1.5 text-zinc-500">(dry run)</span>}
              <span className="block text-[11px] text-zinc-500">
                {action.groupId} · epoch {action.epoch}
              </span>
            </td>
            <td className={`${cell} text-xs text-zinc-400`}>
              {action.source === "operator" ? "operator" : "vigil"}
              {action.approvedBy && <span className="block text-[11px] text-zinc-500">approved by {action.approvedBy}</span>}
            </td>
            <td className={`${cell} text-xs whitespace-nowrap text-zinc-400 tabular`} title={formatDateTime(action.createdAt)}>
              {formatRelativeTime(action.createdAt, now)}
              {action.finishedAt !== null && <span className="block text-[11px] text-zinc-500">took {formatDuration(action.finishedAt - action.createdAt)}</span>}
            </td>
            <td className={`${cell} pr-4 text-xs text-zinc-400`}>
              <span className="line-clamp-3" title={action.outcome ?? action.reason}>
                {action.outcome ?? action.reason}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
