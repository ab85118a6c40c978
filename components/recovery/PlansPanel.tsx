import { EmptyState } from "@/components/ui/EmptyState";
import { Panel } from "@/components/ui/Panel";
import { splitPlans } from "@/components/recovery/recovery-plans";
import type { CandidateLike } from "@/components/recovery/recovery-plans";
import { PlanCard } from "./PlanCard";
import type { RecoveryAction, RecoveryPlan } from "./recovery-types";

type PlansPanelProps = {
  plans: readonly RecoveryPlan[];
  details: ReadonlyMap<string, RecoveryAction>;
  rankings: ReadonlyMap<string, readonly CandidateLike[]>;
  now: number;
};

const RECENT_PLANS = 8;

/** Active plans first with their steps, then what finished recently. */
export function PlansPanel({ plans, details, rankings, now }: PlansPanelProps) {
  const { active, recent } = splitPlans(plans, RECENT_PLANS);
  return (
    <Panel
      title="Plans"
      actions={<span className="tabular">{active.length ? <span className="text-blue-300">{active.length} active</span> : "none active"}</span>}
      bodyClassName="p-4 space-y-4"
    >
      <div className="space-y-3" data-testid="recovery-active-plans">
        {active.length === 0 ? (
          <p className="text-sm text-zinc-400">No recovery in progress.</p>
        ) : (
          active.map((plan) => <PlanCard key={plan.id} plan={plan} details={details} liveCandidates={rankings.get(plan.groupId) ?? null} now={now} />)
        )}
      </div>
      <div className="space-y-2" data-testid="recovery-recent-plans">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-400 uppercase">Recently finished</h3>
        {recent.length === 0 ? (
          <EmptyState title="No finished plans yet" className="h-16" />
        ) : (
          recent.map((plan) => <PlanCard key={plan.id} plan={plan} details={details} liveCandidates={null} now={now} />)
        )}
      </div>
    </Panel>
  );
}
