"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { Panel } from "@/components/ui/Panel";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { splitPlannedActions } from "@/components/recovery/recovery-plans";
import type { RecoveryAction } from "./recovery-types";

type ApprovalsPanelProps = {
  actions: readonly RecoveryAction[];
  canOperate: boolean;
  now: number;
  onChanged: () => void;
};

const DRY_RUN_SHOWN = 10;

function ActionSummary({ action, now }: { action: RecoveryAction; now: number }) {
  const followTarget = typeof action.args.target === "string" ? action.args.target : null;
  return (
    <div className="min-w-0 flex-1">
      <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="font-semibold text-zinc-100">{action.kind}</span>
        <span className="font-mono text-zinc-200">{action.target}</span>
        {followTarget && <span className="text-zinc-400">→ follow <span className="font-mono text-zinc-300">{followTarget}</span></span>}
        <span className="text-xs text-zinc-400">in {action.groupId}</span>
        <span className="text-[11px] text-zinc-400 tabular">epoch {action.epoch}</span>
        <span className="text-[11px] text-zinc-400">
          <RelativeTime ts={action.createdAt} now={now} />
        </span>
      </p>
      <p className="line-clamp-3 text-xs text-zinc-400" title={action.reason}>
        {action.reason}
      </p>
    </div>
  );
}

/** Planned actions an operator must approve (or deny), and what a dry run would have done. */
export function ApprovalsPanel({ actions, canOperate, now, onChanged }: ApprovalsPanelProps) {
  const { awaiting, approved, dryRun } = splitPlannedActions(actions);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ id: string; message: string } | null>(null);
  const [denying, setDenying] = useState<RecoveryAction | null>(null);

  const approve = async (action: RecoveryAction) => {
    setBusy(action.id);
    setFailure(null);
    try {
      await apiFetch(`/api/v1/actions/${encodeURIComponent(action.id)}/approve`, { method: "POST", body: {} });
      onChanged();
    } catch (error) {
      setFailure({ id: action.id, message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const deny = async () => {
    if (!denying) return;
    await apiFetch(`/api/v1/actions/${encodeURIComponent(denying.id)}/cancel`, { method: "POST", body: {} });
    onChanged();
  };

  return (
    <Panel
      title="Approvals"
      actions={awaiting.length > 0 ? <span className="font-medium text-amber-300 tabular">{awaiting.length} waiting</span> : <span>nothing waiting</span>}
      bodyClassName="p-0"
    >
      <div data-testid="recovery-approvals">
        {awaiting.length + approved.length === 0 ? (
          <EmptyState title="Nothing awaits approval" className="h-20">
            In “approval” mode, every action Vigil plans waits here.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-800/70">
            {awaiting.map((action) => (
              <li key={action.id} className="flex flex-col gap-2 border-l-4 border-l-amber-500 px-4 py-3" data-approval-id={action.id} data-action-kind={action.kind}>
                <ActionSummary action={action} now={now} />
                {canOperate && (
                  <div className="flex items-center gap-2">
                    <Button variant="primary" size="sm" disabled={busy === action.id} onClick={() => void approve(action)} data-testid="recovery-approve">
                      {busy === action.id ? "Approving…" : "Approve"}
                    </Button>
                    <Button size="sm" disabled={busy === action.id} onClick={() => setDenying(action)} data-testid="recovery-deny">
                      Deny
                    </Button>
                  </div>
                )}
                {failure?.id === action.id && <p className="w-full text-xs text-red-300">{failure.message}</p>}
              </li>
            ))}
            {approved.map((action) => (
              <li key={action.id} className="flex flex-wrap items-center gap-3 border-l-4 border-l-blue-500 px-4 py-3" data-approved-id={action.id}>
                <ActionSummary action={action} now={now} />
                <span className="text-xs text-blue-300">approved by {action.approvedBy}, starting…</span>
              </li>
            ))}
          </ul>
        )}
        {dryRun.length > 0 && (
          <div className="border-t border-zinc-800 px-4 py-3 opacity-80" data-testid="recovery-dry-run">
            <p className="mb-1.5 text-[11px] font-medium tracking-wide text-zinc-400 uppercase">Dry run: would have done ({dryRun.length})</p>
            <ul className="space-y-2">
              {dryRun.slice(0, DRY_RUN_SHOWN).map((action) => (
                <li key={action.id} className="flex" data-dry-run-id={action.id}>
                  <ActionSummary action={action} now={now} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <ConfirmDialog open={denying !== null} title="Deny this action?" confirmLabel="Deny" onConfirm={deny} onClose={() => setDenying(null)}>
        {denying && (
          <p>
            Cancel <span className="font-medium text-zinc-100">{denying.kind}</span> of <span className="font-mono text-zinc-100">{denying.target}</span>. Vigil may plan another action if
            the problem persists.
          </p>
        )}
      </ConfirmDialog>
    </Panel>
  );
}
