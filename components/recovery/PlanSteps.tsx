import { actionStateLabel, actionTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import { ActionStateIcon } from "./ActionStateIcon";
import type { PlanAction, RecoveryAction } from "./recovery-types";

type PlanStepsProps = {
  actions: readonly PlanAction[];
  /** The same actions from /api/v1/actions, for what the plan view lacks (dry run, approval, args). */
  details: ReadonlyMap<string, RecoveryAction>;
};

function waitingLabel(detail: RecoveryAction | undefined): string {
  if (!detail) return "planned";
  if (detail.dryRun) return "dry run: would have done";
  if (detail.approvedBy) return `approved by ${detail.approvedBy}, starting…`;
  return "awaiting approval";
}

/** promote → follow → …: one line per step with its state, as a progress list. */
export function PlanSteps({ actions, details }: PlanStepsProps) {
  return (
    <ol className="space-y-1.5" aria-label="Steps">
      {actions.map((action, index) => {
        const detail = details.get(action.id);
        const followTarget = typeof detail?.args.target === "string" ? detail.args.target : null;
        const tone = TONE_STYLES[actionTone(action.state, action.outcome)];
        return (
          <li key={action.id} className="flex items-start gap-2.5 text-sm" data-action-id={action.id} data-action-kind={action.kind} data-action-state={action.state}>
            <span className="w-4 pt-0.5 text-right text-xs text-zinc-400 tabular">{index + 1}</span>
            <ActionStateIcon state={action.state} outcome={action.outcome} className="mt-0.5 size-4" />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium text-zinc-100">{action.kind}</span>
                <span className="font-mono text-zinc-300">{action.target}</span>
                {followTarget && <span className="text-zinc-400">→ follow <span className="font-mono text-zinc-300">{followTarget}</span></span>}
                <span className={`text-xs ${tone.text}`}>{action.state === "planned" ? waitingLabel(detail) : actionStateLabel(action.state, action.outcome)}</span>
                <span className="text-[11px] text-zinc-400 tabular" title="Fencing epoch">
                  epoch {action.epoch}
                </span>
              </p>
              {action.outcome && <p className="text-xs text-zinc-400">{action.outcome}</p>}
              {!action.outcome && action.step && <p className="text-xs text-zinc-400">{action.step}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
