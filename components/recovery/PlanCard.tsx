import { formatDuration } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { effectivePlanState, planCandidates } from "@/components/recovery/recovery-plans";
import type { CandidateLike } from "@/components/recovery/recovery-plans";
import { didNotHeal, planTone, TONE_STYLES } from "@/components/recovery/recovery-states";
import { CandidateRanking } from "./CandidateRanking";
import { PlanSteps } from "./PlanSteps";
import type { RecoveryAction, RecoveryPlan } from "./recovery-types";
import { SubjectLink } from "./SubjectLink";

type PlanCardProps = {
  plan: RecoveryPlan;
  details: ReadonlyMap<string, RecoveryAction>;
  /** The live ranking for the plan's group, used when the plan stored none. */
  liveCandidates: readonly CandidateLike[] | null;
  now: number;
};

const PLAN_KIND_LABELS: Record<string, string> = { promote: "Failover", restart: "Restart", "remove-from-ring": "Ring removal", "add-to-ring": "Ring re-add", reweight: "Reweight" };

export function PlanCard({ plan, details, liveCandidates, now }: PlanCardProps) {
  const state = effectivePlanState(plan);
  const active = state === "active";
  // Completed only says every step ran; a restart that left the service sick makes the plan amber.
  const unhealed = !active && plan.actions.some((action) => didNotHeal(action.state, action.outcome));
  const tone = TONE_STYLES[unhealed ? "held" : planTone(state)];
  const pending = plan.actions.filter((action) => action.state === "planned" || action.state === "running");
  // A dry-run plan never progresses: say so rather than "in progress" forever.
  const dryRunOnly = active && pending.length > 0 && pending.every((action) => details.get(action.id)?.dryRun === true);
  const candidates = planCandidates(plan.detail) ?? (active && plan.kind === "promote" ? liveCandidates : null);
  return (
    <article
      className={`rounded-lg border border-l-4 border-zinc-800 bg-zinc-950/40 ${dryRunOnly ? `${TONE_STYLES.muted.edge} opacity-80` : tone.edge}`}
      data-plan-id={plan.id}
      data-plan-state={state}
      data-stored-state={plan.state}
      data-plan-group={plan.groupId}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-800/70 px-4 py-2 text-sm">
        <span className="font-semibold text-zinc-100">{PLAN_KIND_LABELS[plan.kind] ?? plan.kind}</span>
        <SubjectLink id={plan.groupId} kind="group" />
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${dryRunOnly ? TONE_STYLES.muted.badge : tone.badge}`}
          title={state !== plan.state ? `stored as ${plan.state}; steps are still pending` : undefined}
        >
          {dryRunOnly ? "dry run" : active ? "in progress" : unhealed ? `${plan.state}, did not heal` : plan.state}
        </span>
        <span className="ml-auto text-xs text-zinc-400 tabular">
          {!active && plan.finishedAt !== null ? (
            <>
              <RelativeTime ts={plan.finishedAt} now={now} prefix="finished" /> · took {formatDuration(plan.finishedAt - plan.createdAt)}
            </>
          ) : (
            <>
              <RelativeTime ts={plan.createdAt} now={now} prefix="started" /> · {formatDuration(now - plan.createdAt)} so far
            </>
          )}
        </span>
      </header>
      <div className="space-y-3 px-4 py-3">
        <p className="text-xs text-zinc-400">{plan.reason}</p>
        <PlanSteps actions={plan.actions} details={details} />
        {candidates && (
          <div className="border-t border-zinc-800/70 pt-2">
            <CandidateRanking candidates={candidates} />
          </div>
        )}
      </div>
    </article>
  );
}
